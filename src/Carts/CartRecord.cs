namespace Orleans.Stock.Carts;

/// <summary>
/// A cart as recorded in <c>carts</c> and <c>cart_lines</c>. <see cref="Owner"/>: who made it (the API key
/// id; null before ownership existed); <see cref="IdempotencyKey"/> is stored scoped to it.
/// </summary>
public sealed record CartRecord(
    string Id,
    string UserId,
    int TtlSeconds,
    CartStatus Status,
    string? IdempotencyKey,
    long RequestHash,
    string? Strategy,
    CartFailure? Failure,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    IReadOnlyList<CartLineRecord> Lines,
    string? Owner = null);

/// <summary>One line; <see cref="ReservationId"/> is null until the coordinator has recorded it.</summary>
public sealed record CartLineRecord(int LineNo, string Sku, int Quantity, string Engine, string? ReservationId);

/// <summary>Why a cart failed: the problem <c>code</c> of its first failing line, in line order.</summary>
public sealed record CartFailure(string Code, string? Sku, long? Available, int? MaxPerUser = null, long? Held = null);

using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Carts;

/// <summary>Why a cart request was refused, with what the client needs to act on it.</summary>
public sealed record CartRefusal(
    CartRefusalKind Kind,
    string? CartId = null,
    string? Sku = null,
    long? Available = null,
    ReservationStatus? Status = null,
    string? Strategy = null,
    IReadOnlyList<string>? KnownStrategies = null,
    int? MaxPerUser = null,
    long? Held = null);

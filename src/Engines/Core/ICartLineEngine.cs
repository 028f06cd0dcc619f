using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines;

/// <summary>
/// Optional beside <see cref="IStockEngine"/>: an engine that can reserve several of a cart's
/// lines atomically (one database transaction, one script) says so by implementing this. The cart
/// coordinator then hands it all of the cart's lines it owns at once; an engine without it gets
/// one <see cref="IStockEngine.ReserveAsync"/> per line.
/// </summary>
public interface ICartLineEngine
{
    /// <summary>
    /// Reserves every line or none. Each line carries its own Idempotency-Key: a line whose key is
    /// already taken with the same body replays that reservation instead of taking stock again.
    /// </summary>
    /// <param name="lines">Distinct SKUs, in the cart's line order.</param>
    /// <param name="strategy">As for <see cref="IStockEngine.ReserveAsync"/>: checked already, null lets the engine choose.</param>
    Task<CartLinesReply> ReserveLinesAsync(IReadOnlyList<CartLineRequest> lines, string? strategy, CancellationToken cancellationToken);
}

/// <summary>One line for <see cref="ICartLineEngine.ReserveLinesAsync"/>.</summary>
public sealed record CartLineRequest(string Sku, ReserveRequest Request);

/// <summary>
/// All lines reserved (<see cref="Reservations"/>, in input order), or none and the refusal of
/// the first failing line in input order (<see cref="FailedIndex"/>, <see cref="Failure"/>).
/// </summary>
public sealed record CartLinesReply
{
    public IReadOnlyList<ReservationView>? Reservations { get; init; }

    public int FailedIndex { get; init; } = -1;

    public StockReply<ReservationView>? Failure { get; init; }

    /// <summary>The path that finally served the lines, where the engine has several.</summary>
    public string? Strategy { get; init; }

    public int Attempts { get; init; } = 1;

    public bool IsSuccess => Reservations is not null;
}

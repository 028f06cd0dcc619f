namespace Orleans.Stock.Abstractions;

/// <summary>
/// The answer of a stock grain call: a value, or the refusal with the facts the API reports beside it.
/// Refusals are values rather than exceptions because they are ordinary business outcomes.
/// </summary>
[GenerateSerializer, Immutable, Alias("stock.StockReply`1")]
public sealed record StockReply<T>
{
    [Id(0)] public T? Value { get; init; }
    [Id(1)] public StockError Error { get; init; }
    /// <summary>Units available when a reservation was refused for stock.</summary>
    [Id(2)] public long Available { get; init; }
    /// <summary>The reservation's status when it forbade the operation.</summary>
    [Id(3)] public ReservationStatus? Status { get; init; }
    /// <summary>True when an Idempotency-Key replay answered with the original result.</summary>
    [Id(4)] public bool Replayed { get; init; }
    /// <summary>Write attempts it took (1 unless a conflicting writer forced a re-read).</summary>
    [Id(5)] public int Attempts { get; init; } = 1;
    /// <summary>The path that finally served the request, where an engine has several.</summary>
    [Id(6)] public string? Strategy { get; init; }
    /// <summary>The product's per-user limit when a reservation was refused for it.</summary>
    [Id(7)] public int? MaxPerUser { get; init; }
    /// <summary>Units the user held (pending plus confirmed) when a reservation was refused for the limit.</summary>
    [Id(8)] public long Held { get; init; }
    /// <summary>The product's version when an adjustment's compare-and-set was refused.</summary>
    [Id(9)] public long Version { get; init; }
    /// <summary>The product's on hand when an adjustment's compare-and-set was refused.</summary>
    [Id(10)] public long OnHand { get; init; }

    public bool IsSuccess => Error == StockError.None;
}

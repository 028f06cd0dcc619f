using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Grains.Stock;

/// <summary>What the write loop decided for one command, completed once its events are durable.</summary>
public sealed record CommandOutcome
{
    public StockError Error { get; init; }
    public ReservationView? Reservation { get; init; }
    public ProductView? Product { get; init; }
    public long Available { get; init; }
    public ReservationStatus? Status { get; init; }
    public bool Replayed { get; init; }
    public int Attempts { get; init; } = 1;
    /// <summary>For <see cref="StockCommand.ExpireDue"/>: how many reservations it released.</summary>
    public int Released { get; init; }
    public int? MaxPerUser { get; init; }
    public long Held { get; init; }
    /// <summary>For a refused compare-and-set: the product's version and on hand it was compared with.</summary>
    public long Version { get; init; }
    public long OnHand { get; init; }

    public static CommandOutcome Failed(StockError error) => new() { Error = error };

    public StockReply<T> ToReply<T>(T? value) => new()
    {
        Value = value,
        Error = Error,
        Available = Available,
        Status = Status,
        Replayed = Replayed,
        Attempts = Attempts,
        MaxPerUser = MaxPerUser,
        Held = Held,
        Version = Version,
        OnHand = OnHand,
    };
}

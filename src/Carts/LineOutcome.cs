using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Carts;

/// <summary>What a reserve attempt left behind for one line.</summary>
public enum LineState
{
    /// <summary>The engine answered with the line's reservation.</summary>
    Reserved,

    /// <summary>The engine refused the line: nothing of it is reserved.</summary>
    Refused,

    /// <summary>Another line of the same atomic engine call was refused, so this one was not reserved either.</summary>
    NotReserved,

    /// <summary>No answer (an exception, or an engine that could not tell): the line may or may not be reserved.</summary>
    Unknown,
}

/// <summary>One line's outcome; <see cref="Refusal"/> carries the engine's reason when it has one.</summary>
public sealed record LineOutcome(LineState State, ReservationView? Reservation = null, StockReply<ReservationView>? Refusal = null, string? Strategy = null)
{
    public static readonly LineOutcome NotReserved = new(LineState.NotReserved);

    /// <summary>The reservation's id: from the engine's answer, or from the cart's record.</summary>
    public string? ReservationId { get; init; } = Reservation?.ReservationId;

    /// <summary>A line the cart's record says is reserved (a recovery knows only its id).</summary>
    public static LineOutcome Recorded(string reservationId) => new(LineState.Reserved) { ReservationId = reservationId };

    public static readonly LineOutcome Unknown = new(LineState.Unknown);

    /// <summary>
    /// An engine's single-line answer. <see cref="StockError.Unavailable"/> means the engine does
    /// not know whether the write committed (a grain's write loop failed mid-append), so unknown.
    /// </summary>
    public static LineOutcome From(StockReply<ReservationView> reply) => reply switch
    {
        { IsSuccess: true } => new(LineState.Reserved, reply.Value, Strategy: reply.Strategy),
        { Error: StockError.Unavailable } => Unknown,
        _ => new(LineState.Refused, Refusal: reply),
    };
}

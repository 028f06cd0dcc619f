using Orleans.Stock.Api.Problems;
using Orleans.Stock.Grains.Contracts;

namespace Orleans.Stock.Api.Dashboard;

/// <summary>
/// From the <c>outcome</c> tag of <c>stock.reservations</c> (a <see cref="StockError"/> name) to the
/// problem <c>code</c> the client received, so the page speaks API.md's vocabulary.
/// </summary>
public static class OutcomeCodes
{
    public const string Reserved = "reserved";

    public static string ProblemCode(string outcome) => Enum.TryParse<StockError>(outcome, out var error) ? error switch
    {
        StockError.ProductNotFound => ProblemCodes.ProductNotFound,
        StockError.ProductExists => ProblemCodes.ProductExists,
        StockError.ReservationNotFound => ProblemCodes.ReservationNotFound,
        StockError.InsufficientStock => ProblemCodes.InsufficientStock,
        StockError.ReservationNotPending => ProblemCodes.ReservationNotPending,
        StockError.IdempotencyKeyReused => ProblemCodes.IdempotencyKeyReused,
        StockError.Unavailable => ProblemCodes.Unavailable,
        _ => outcome,
    } : outcome;

    /// <summary>Whether an answer counts toward the error-rate alert: a sold-out product is not a fault.</summary>
    public static bool IsError(string outcome) => outcome != Reserved && outcome != nameof(StockError.InsufficientStock);
}

using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// From the <c>outcome</c> tag of <c>stock.reservations</c> (a <see cref="StockError"/> name) to the
/// problem <c>code</c> the client received, so the page speaks docs/api.md's vocabulary.
/// </summary>
public static class OutcomeCodes
{
    public const string Reserved = "reserved";

    public static string ProblemCode(string outcome) =>
        Enum.TryParse<StockError>(outcome, out var error) && error != StockError.None ? StockErrorCodes.Of(error) : outcome;

    /// <summary>Whether an answer counts toward the error-rate alert: a sold-out product is not a fault.</summary>
    public static bool IsError(string outcome) => outcome != Reserved && outcome != nameof(StockError.InsufficientStock);
}

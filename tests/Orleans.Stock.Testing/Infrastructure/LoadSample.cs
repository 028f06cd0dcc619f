namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>One HTTP request of a <see cref="ReservationLoad"/>: what was asked, when, and what came back.</summary>
/// <param name="Status">HTTP status, or 0 when no answer arrived (connection failure, client timeout).</param>
public sealed record LoadSample(
    string Kind,
    string Sku,
    int Quantity,
    string? IdempotencyKey,
    TimeSpan Started,
    TimeSpan Ended,
    int Status,
    string? Code,
    string? ReservationId)
{
    public const string Reserve = "reserve";
    public const string Confirm = "confirm";

    public TimeSpan Latency => Ended - Started;

    /// <summary>An answer the contract allows under load: success, or a refusal for stock or state.</summary>
    public bool IsExpected => Status is 200 or 201 || (Status == 409 && Code is "insufficient-stock" or "reservation-not-pending");

    public bool IsAcknowledged => Status is 200 or 201 && ReservationId is not null;
}

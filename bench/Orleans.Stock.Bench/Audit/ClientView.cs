namespace Orleans.Stock.Bench.Audit;

/// <summary>One SKU's units as the clients saw them (see <see cref="ClientLedger"/>).</summary>
public sealed record ClientView(
    long Acknowledged,
    long Confirmed,
    long Cancelled,
    long ReserveUnknown,
    long ConfirmUnknown,
    long CancelUnknown)
{
    /// <summary>Acknowledged units neither confirmed nor cancelled as far as the clients know.</summary>
    public long PendingAcknowledged => Acknowledged - Confirmed - Cancelled;
}

using Orleans.Stock.Bench.Api;

namespace Orleans.Stock.Bench.Audit;

/// <summary>
/// Per SKU, the units the clients saw acknowledged (2xx) by reserve, confirm and cancel, and the units
/// of requests whose effect is unknown (timeout, lost connection, 5xx: the server may have committed
/// before the answer failed). The audit compares these with the server's counters.
/// </summary>
public sealed class ClientLedger(int skuCount)
{
    private readonly long[] _acknowledged = new long[skuCount];
    private readonly long[] _confirmed = new long[skuCount];
    private readonly long[] _cancelled = new long[skuCount];
    private readonly long[] _reserveUnknown = new long[skuCount];
    private readonly long[] _confirmUnknown = new long[skuCount];
    private readonly long[] _cancelUnknown = new long[skuCount];

    public void Reserved(int sku, int quantity, in ApiOutcome outcome) =>
        Add(outcome, quantity, ref _acknowledged[sku], ref _reserveUnknown[sku]);

    public void Confirmed(int sku, int quantity, in ApiOutcome outcome) =>
        Add(outcome, quantity, ref _confirmed[sku], ref _confirmUnknown[sku]);

    public void Cancelled(int sku, int quantity, in ApiOutcome outcome) =>
        Add(outcome, quantity, ref _cancelled[sku], ref _cancelUnknown[sku]);

    public ClientView View(int sku) => new(
        Interlocked.Read(ref _acknowledged[sku]),
        Interlocked.Read(ref _confirmed[sku]),
        Interlocked.Read(ref _cancelled[sku]),
        Interlocked.Read(ref _reserveUnknown[sku]),
        Interlocked.Read(ref _confirmUnknown[sku]),
        Interlocked.Read(ref _cancelUnknown[sku]));

    private static void Add(in ApiOutcome outcome, int quantity, ref long acknowledged, ref long unknown)
    {
        if (outcome.IsSuccess)
        {
            Interlocked.Add(ref acknowledged, quantity);
        }
        else if (outcome.EffectUnknown)
        {
            Interlocked.Add(ref unknown, quantity);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Delivery;
using Orleans.Stock.Bench.Results;
using Orleans.Stock.Bench.Terminal;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Runs;

/// <summary>
/// The webhook side of a run: a receiver listening and a webhook registered for it before the first
/// reservation (a new webhook starts at the feed's end), the acknowledged reservations noted while the
/// load runs, then a wait for their events, the audit, and the webhook deleted again.
/// </summary>
public sealed class DeliveryProbe : IAsyncDisposable
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    private readonly StockApiClient _api;
    private readonly DeliveryPlan _plan;
    private readonly ProductSet _products;
    private readonly WebhookReceiver _receiver;
    private readonly ReceivedEvents _events;
    private string? _webhookId;

    private DeliveryProbe(StockApiClient api, DeliveryPlan plan, ProductSet products, WebhookReceiver receiver, ReceivedEvents events)
    {
        _api = api;
        _plan = plan;
        _products = products;
        _receiver = receiver;
        _events = events;
        Acknowledged = new AcknowledgedReservations(products.Count);
    }

    public AcknowledgedReservations Acknowledged { get; }

    public static async Task<DeliveryProbe> StartAsync(StockApiClient api, DeliveryPlan plan, ProductSet products)
    {
        var events = new ReceivedEvents(products);
        WebhookReceiver receiver;
        try
        {
            receiver = await WebhookReceiver.StartAsync(plan.Port, events);
        }
        catch (IOException e)
        {
            throw new BenchSetupException($"the webhook receiver could not listen on 127.0.0.1:{plan.Port}: {e.Message}");
        }

        var probe = new DeliveryProbe(api, plan, products, receiver, events);
        var (outcome, webhook) = await api.CreateWebhookAsync(receiver.Url, [DeliveryPlan.EventType]);
        if (webhook?.Id is not { } id || SignatureCheck.KeyOf(webhook.Secret) is not { } key)
        {
            await receiver.DisposeAsync();
            throw new BenchSetupException($"could not create a webhook for {receiver.Url} at {api.BaseAddress}: {outcome.Label}");
        }

        probe._webhookId = id;
        receiver.UseSecret(key);
        return probe;
    }

    /// <summary>Waits for every acknowledged reservation's event (at most the plan's wait), deletes the webhook, audits.</summary>
    public async Task<DeliverySummary> FinishAsync(long loadEnded, RunProgress progress)
    {
        var expected = Acknowledged.SkuOf;
        progress.Enter("waiting for deliveries", () => string.Create(CultureInfo.InvariantCulture, $"{_events.Distinct:N0}/{expected.Count:N0} reservations' events arrived"));
        var deadline = Stopwatch.GetTimestamp() + (long)(_plan.Wait.TotalSeconds * Stopwatch.Frequency);
        while (!AllArrived(expected) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(PollEvery);
        }

        var allArrived = AllArrived(expected);
        var waited = Stopwatch.GetElapsedTime(loadEnded).TotalSeconds;
        var deleted = await DeleteWebhookAsync();
        var audit = DeliveryAudit.Check(expected, Acknowledged.UnknownPerSku(), _events.Reservations, _events.InvalidSignatures, index => _products[index]);
        return new DeliverySummary(
            DeliveryPlan.EventType,
            _receiver.Url.ToString(),
            _plan.StampInterval?.TotalMilliseconds,
            _plan.PollInterval?.TotalMilliseconds,
            _events.Lag.Summarize(),
            _events.Received,
            _events.Foreign,
            _events.Unreadable,
            Math.Round(waited, 3),
            allArrived,
            _events.DistinctPerSecond(),
            deleted,
            audit);
    }

    public async ValueTask DisposeAsync()
    {
        await DeleteWebhookAsync();
        await _receiver.DisposeAsync();
    }

    // Every acknowledged id in the received set: counted, not compared one by one, until the counts allow it.
    private bool AllArrived(IReadOnlyDictionary<string, int> expected) =>
        _events.Distinct >= expected.Count && expected.Keys.All(id => _events.Reservations.ContainsKey(id));

    private async Task<bool> DeleteWebhookAsync()
    {
        if (_webhookId is not { } id)
        {
            return true;
        }

        var outcome = await _api.DeleteWebhookAsync(id);
        if (outcome.IsSuccess || outcome.Status == 404)
        {
            _webhookId = null;
            return true;
        }

        return false;
    }
}

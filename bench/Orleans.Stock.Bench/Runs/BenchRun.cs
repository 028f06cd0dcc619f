using System.Diagnostics;
using System.Globalization;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Metrics;
using Orleans.Stock.Bench.Results;
using Orleans.Stock.Bench.Terminal;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Runs;

/// <summary>
/// One run from start to verdict: create products, prefill, scrape metrics, drive the load for the
/// duration (running the plan's fault command, if any, on the way), let in-flight requests finish,
/// scrape again, audit (and, for carts, audit every cart; with a webhook, its deliveries).
/// </summary>
/// <param name="loadApis">The APIs the load goes through; by default <paramref name="api"/> alone.</param>
public sealed class BenchRun(StockApiClient api, RunPlan plan, ApiRotation? loadApis = null)
{
    private readonly ApiRotation _loadApis = loadApis ?? new ApiRotation([api]);
    private AcknowledgedReservations? _acknowledged;

    public const string Tool = "Orleans.Stock.Bench";

    public async Task<RunResult> ExecuteAsync(RunProgress progress, CancellationToken cancellationToken)
    {
        var workload = plan.Workload;
        var startedAt = DateTime.UtcNow;
        var products = new ProductSet(workload.ProductPrefix, workload.SkuCount);

        progress.Enter(string.Create(CultureInfo.InvariantCulture, $"creating {products.Count} product(s)"));
        await new ProductProvisioner(api).CreateAsync(products, workload);

        var ledger = new ClientLedger(products.Count);
        var carts = new CartLedger();
        // Before the first reservation: a new webhook starts at the feed's end.
        await using var delivery = plan.Delivery is { } deliveryPlan ? await DeliveryProbe.StartAsync(api, deliveryPlan, products) : null;
        _acknowledged = delivery?.Acknowledged;
        var firstReserveUtc = DateTime.UtcNow;
        var prefill = await PrefillAsync(products, ledger, progress);
        await WarmUpAsync(products, ledger, carts, progress, cancellationToken);

        using var silos = new SiloMetricsScraper(plan.SiloMetricsUrls);
        var before = await MetricsSnapshot.ScrapeAsync(api);
        var silosBefore = await silos.ScrapeAsync();
        var stats = new LoadStats();
        var gate = new InFlightGate(plan.Load.MaxInFlight);
        var loadStart = Stopwatch.GetTimestamp();
        var line = new LoadProgressLine(stats, gate, loadStart, plan.Load.Duration);
        progress.Enter("load", line.Render);
        using var loadOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fault = plan.Fault is { } faultPlan ? FaultInjector.RunAsync(faultPlan, stats.Timeline, loadOver.Token) : Task.FromResult<InjectedFault?>(null);
        await CreateModel(Flow(products, stats, ledger, carts), stats, gate, plan.Load.Duration).RunAsync(cancellationToken);
        await loadOver.CancelAsync();
        var loadEnded = Stopwatch.GetTimestamp();
        var injected = await fault;

        progress.Enter("waiting for answers in flight", line.Render);
        // A session is at most two requests, each bounded by the request timeout.
        var drained = await gate.WhenIdleAsync(2 * plan.RequestTimeout + TimeSpan.FromSeconds(1));

        var after = await MetricsSnapshot.ScrapeAsync(api);
        var silosAfter = await silos.ScrapeAsync();
        progress.Enter("auditing");
        var audit = await new Auditor(api).AuditAsync(products, ledger, workload.InitialStock, workload.TtlSeconds, firstReserveUtc);
        var cartAudit = workload.CartLines is null ? null : await new CartAuditor(api).AuditAsync(carts.Sessions, audit.ExpiryPossible);
        var deliveries = delivery is null ? null : await delivery.FinishAsync(loadEnded, progress);

        return new RunResult(
            Tool,
            startedAt,
            plan.Scenario,
            plan.ToResultConfig(),
            prefill,
            Throughput(stats, loadStart),
            new Dictionary<string, LatencySummary?>(StringComparer.Ordinal)
            {
                ["reserve"] = stats.Latency(Operation.Reserve).Summarize(),
                ["confirm"] = stats.Latency(Operation.Confirm).Summarize(),
                ["cancel"] = stats.Latency(Operation.Cancel).Summarize(),
                ["reserveServerElapsed"] = stats.ServerReserve.Summarize(),
                ["reserveSendLag"] = stats.SendLag.Summarize(),
            },
            stats.Outcomes.Snapshot(),
            stats.ErrorCount,
            SqlConflictCounters.Measure(before, after),
            stats.Conflicts.Snapshot(),
            before is not null && after is not null ? after.DeltasSince(before, "stock_") : null,
            audit,
            drained,
            stats.FirstClientFault,
            injected is null ? null : FailoverSummary.From(injected, stats.Timeline.Snapshot()),
            GrainBatchCounters.Measure(silosBefore, silosAfter),
            cartAudit,
            deliveries);
    }

    private async Task<PrefillSummary?> PrefillAsync(ProductSet products, ClientLedger ledger, RunProgress progress)
    {
        var count = plan.Workload.Prefill;
        if (count == 0)
        {
            return null;
        }

        var prefiller = new Prefiller(api, products, plan.Workload, ledger);
        progress.Enter("prefill", () => string.Create(CultureInfo.InvariantCulture, $"{prefiller.Done:N0}/{count:N0} pending reservations"));
        return await prefiller.RunAsync(count);
    }

    /// <summary>
    /// The same load, unmeasured: its statistics are dropped, but its reservations go into the ledger
    /// because the audit compares the server with everything the clients were told.
    /// </summary>
    private async Task WarmUpAsync(ProductSet products, ClientLedger ledger, CartLedger carts, RunProgress progress, CancellationToken cancellationToken)
    {
        if (plan.Load.Warmup <= TimeSpan.Zero)
        {
            return;
        }

        var stats = new LoadStats();
        var gate = new InFlightGate(plan.Load.MaxInFlight);
        progress.Enter("warm-up", new LoadProgressLine(stats, gate, Stopwatch.GetTimestamp(), plan.Load.Warmup).Render);
        await CreateModel(Flow(products, stats, ledger, carts), stats, gate, plan.Load.Warmup).RunAsync(cancellationToken);
        await gate.WhenIdleAsync(2 * plan.RequestTimeout + TimeSpan.FromSeconds(1));
    }

    private ISessionFlow Flow(ProductSet products, LoadStats stats, ClientLedger ledger, CartLedger carts) => plan.Workload.CartLines is null
        ? new ReservationFlow(_loadApis, products, plan.Workload, stats, ledger, _acknowledged)
        : new CartFlow(api, products, plan.Workload, stats, ledger, carts);

    private ILoadModel CreateModel(ISessionFlow flow, LoadStats stats, InFlightGate gate, TimeSpan duration) => plan.Load.Model switch
    {
        LoadModel.Open => new OpenModelDriver(flow, stats, gate, plan.Load.Rate!.Value, duration),
        _ => new ClosedModelDriver(flow, stats, plan.Load.Users!.Value, duration),
    };

    private ThroughputSummary Throughput(LoadStats stats, long loadStart)
    {
        // The window is the configured duration, stretched only if reserves kept being answered after
        // it: then the server was behind, and dividing by the duration would overstate its rate.
        var window = plan.Load.Duration.TotalSeconds;
        if (stats.LastReserveAnswer > loadStart)
        {
            window = Math.Max(window, Stopwatch.GetElapsedTime(loadStart, stats.LastReserveAnswer).TotalSeconds);
        }

        return new ThroughputSummary(
            plan.Load.Model == LoadModel.Open ? plan.Load.Rate : null,
            stats.ScheduledCount,
            stats.SentCount,
            stats.ReservesAnswered,
            stats.ReservesSucceeded,
            Math.Round(window, 3),
            Math.Round(stats.ReservesAnswered / window, 1),
            Math.Round(stats.ReservesSucceeded / window, 1),
            Math.Round(stats.AnsweredCount / window, 1));
    }
}

using Orleans.Stock.Abstractions.Stats;
using Orleans.Stock.Grains.Stock;

namespace Orleans.Stock.Silo;

/// <summary>
/// Posts this silo's stock-grain write rates to the cluster's <see cref="IWriteRatesGrain"/> once a
/// second, so the API's dashboard can show group-commit batch sizes and writes per second of every
/// silo with one grain call (see <see cref="Grains.Stats.WriteRatesGrain"/> for why a push and not a query).
/// </summary>
public sealed partial class WriteRatesPublisher(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    StockGrainMetrics metrics,
    TimeProvider time,
    ILogger<WriteRatesPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var name = silo.SiloAddress.ToParsableString();
        var board = grains.GetGrain<IWriteRatesGrain>(0);
        var previous = metrics.Totals;
        var previousAt = time.GetTimestamp();
        var failing = false;
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var totals = metrics.Totals;
            var now = time.GetTimestamp();
            var rates = SiloWriteRates.Between(name, time.GetUtcNow().UtcDateTime, totals.Minus(previous), time.GetElapsedTime(previousAt, now));
            previous = totals;
            previousAt = now;
            try
            {
                await board.ReportAsync(rates).WaitAsync(Interval, stoppingToken);
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // While the silo joins or leaves, the board may be unreachable: the next second tries again.
                if (!failing)
                {
                    LogReportFailed(ex);
                    failing = true;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not post write rates to the dashboard board; retrying every second.")]
    private partial void LogReportFailed(Exception ex);
}

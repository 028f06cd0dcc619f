using Orleans.Stock.Abstractions.Stats;

namespace Orleans.Stock.Grains.Stats;

/// <summary>
/// Why a push board and not a query fan-out: the write loop's figures live in each silo's memory,
/// and Orleans has no public way for a client to address "this grain on that silo". Each silo
/// already knows its own figures, so it posts a small summary once a second (one call per silo per
/// second, whatever the load); the reader makes one call, and a silo that dies simply stops
/// appearing once its last report is older than <see cref="Freshness"/>. If this activation moves,
/// the board refills within a second.
/// </summary>
public sealed class WriteRatesGrain(TimeProvider time) : Grain, IWriteRatesGrain
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, SiloWriteRates> _bySilo = new(StringComparer.Ordinal);

    public Task ReportAsync(SiloWriteRates rates)
    {
        _bySilo[rates.Silo] = rates;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloWriteRates>> ReadAsync()
    {
        var oldest = time.GetUtcNow().UtcDateTime - Freshness;
        foreach (var stale in _bySilo.Values.Where(r => r.MeasuredAt < oldest).Select(r => r.Silo).ToList())
        {
            _bySilo.Remove(stale);
        }

        IReadOnlyList<SiloWriteRates> fresh = [.. _bySilo.Values.OrderBy(r => r.Silo, StringComparer.Ordinal)];
        return Task.FromResult(fresh);
    }
}

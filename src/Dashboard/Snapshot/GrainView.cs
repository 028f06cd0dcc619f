using Orleans.Stock.Abstractions.Stats;

namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>The grain engine's group commits, summed over the silos that reported in the last seconds.</summary>
public sealed record GrainView(
    double WritesPerSecond,
    double CommandsPerSecond,
    double EventsPerSecond,
    double MeanBatchSize,
    double ConflictsPerSecond,
    IReadOnlyList<SiloWriteRates> Silos)
{
    public static GrainView Of(IReadOnlyList<SiloWriteRates> silos)
    {
        var writes = silos.Sum(s => s.BatchesPerSecond);
        var commands = silos.Sum(s => s.CommandsPerSecond);
        return new GrainView(
            writes,
            commands,
            silos.Sum(s => s.EventsPerSecond),
            writes == 0 ? 0 : commands / writes,
            silos.Sum(s => s.ConflictsPerSecond),
            silos);
    }
}

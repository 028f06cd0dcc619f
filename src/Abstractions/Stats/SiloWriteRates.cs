namespace Orleans.Stock.Abstractions.Stats;

/// <summary>What one silo's stock grains did over its last report interval, per second.</summary>
[GenerateSerializer, Immutable, Alias("stock.SiloWriteRates")]
public sealed record SiloWriteRates(
    [property: Id(0)] string Silo,
    [property: Id(1)] DateTime MeasuredAt,
    [property: Id(2)] double BatchesPerSecond,
    [property: Id(3)] double CommandsPerSecond,
    [property: Id(4)] double EventsPerSecond,
    [property: Id(5)] double ConflictsPerSecond,
    [property: Id(6)] double MeanAppendMilliseconds)
{
    /// <summary>Commands per group commit over the interval (0 when nothing was written).</summary>
    public double MeanBatchSize => BatchesPerSecond == 0 ? 0 : CommandsPerSecond / BatchesPerSecond;

    public static SiloWriteRates Between(string silo, DateTime measuredAt, WriteLoopTotals delta, TimeSpan interval)
    {
        var seconds = Math.Max(interval.TotalSeconds, 0.001);
        return new SiloWriteRates(
            silo,
            measuredAt,
            delta.Batches / seconds,
            delta.Commands / seconds,
            delta.Events / seconds,
            delta.Conflicts / seconds,
            delta.Batches == 0 ? 0 : delta.AppendMilliseconds / delta.Batches);
    }
}

namespace Orleans.Stock.Abstractions.Stats;

/// <summary>
/// Running totals of one silo's stock-grain write loops since the silo started. Cumulative, so a
/// reader turns two readings into rates without the writer knowing who reads or how often.
/// </summary>
[GenerateSerializer, Immutable, Alias("stock.WriteLoopTotals")]
public readonly record struct WriteLoopTotals(
    [property: Id(0)] long Batches,
    [property: Id(1)] long Commands,
    [property: Id(2)] long Events,
    [property: Id(3)] long Conflicts,
    [property: Id(4)] double AppendMilliseconds)
{
    public WriteLoopTotals Minus(WriteLoopTotals earlier) => new(
        Batches - earlier.Batches,
        Commands - earlier.Commands,
        Events - earlier.Events,
        Conflicts - earlier.Conflicts,
        AppendMilliseconds - earlier.AppendMilliseconds);
}

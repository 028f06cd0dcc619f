namespace Orleans.Stock.Abstractions.Stats;

/// <summary>
/// The cluster's one board of stock-grain write rates: every silo posts its own figures once a
/// second, and the API's dashboard reads the board. Key 0; nothing here is durable.
/// </summary>
[Alias("stock.IWriteRatesGrain")]
public interface IWriteRatesGrain : IGrainWithIntegerKey
{
    [Alias("Report")]
    Task ReportAsync(SiloWriteRates rates);

    /// <summary>The latest report of every silo that reported recently, oldest silo name first.</summary>
    [Alias("Read")]
    Task<IReadOnlyList<SiloWriteRates>> ReadAsync();
}

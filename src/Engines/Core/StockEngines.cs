namespace Orleans.Stock.Engines;

/// <summary>The registered engines, by catalog name.</summary>
public sealed class StockEngines(IEnumerable<IStockEngine> engines)
{
    private readonly Dictionary<string, IStockEngine> _byName = engines.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IStockEngine? engine) =>
        _byName.TryGetValue(name, out engine);

    public IStockEngine this[string name] => _byName.TryGetValue(name, out var engine)
        ? engine
        : throw new InvalidOperationException($"The catalog names engine '{name}', which this API does not serve.");
}

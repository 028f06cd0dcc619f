namespace Orleans.Stock.Engines;

/// <summary>
/// What <see cref="ProductEngineResolver"/> found for a SKU: its engine, no product at all, or a
/// product whose engine this instance does not serve (<see cref="MissingEngine"/>).
/// </summary>
public readonly record struct EngineLookup(IStockEngine? Engine, string? MissingEngine)
{
    public static EngineLookup NotFound => default;

    public bool IsNotFound => Engine is null && MissingEngine is null;

    public static EngineLookup Found(IStockEngine engine) => new(engine, null);

    public static EngineLookup Missing(string engineName) => new(null, engineName);
}

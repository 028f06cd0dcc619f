using Microsoft.Extensions.Options;

namespace Orleans.Stock.Engines;

/// <summary>Picks the engine of a new product that does not name one.</summary>
public sealed class EngineRollout(IOptionsMonitor<StockEngineOptions> options)
{
    public string EngineFor(string sku)
    {
        var current = options.CurrentValue;
        return current.Rollout.Percent is { } percent && StableBucket.IsWithin(sku, percent)
            ? current.Rollout.Engine
            : current.DefaultEngine;
    }
}

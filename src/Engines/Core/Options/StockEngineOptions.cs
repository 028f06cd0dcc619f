using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Engines;

/// <summary>Product-level settings (section <c>Stock</c>).</summary>
public sealed class StockEngineOptions
{
    public const string Section = "Stock";

    /// <summary>Engine of new products that do not name one and fall outside the rollout.</summary>
    [Required, AllowedValues("grain", "sql", "redis")]
    public string DefaultEngine { get; set; } = "grain";

    /// <summary>Gradual rollout of an engine to new products, by a stable hash of their SKU.</summary>
    [Required]
    public EngineRolloutOptions Rollout { get; set; } = new();
}

/// <summary>
/// When <see cref="Percent"/> is set, about that share of new products (by SKU hash) get
/// <see cref="Engine"/>; the rest get the default engine.
/// </summary>
public sealed class EngineRolloutOptions
{
    [Required, AllowedValues("grain", "sql", "redis")]
    public string Engine { get; set; } = "grain";

    [Range(0, 100)]
    public int? Percent { get; set; }
}

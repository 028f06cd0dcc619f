using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Api.Hosting;

/// <summary>Product-level settings (section <c>Stock</c>).</summary>
public sealed class StockApiOptions
{
    public const string Section = "Stock";

    /// <summary>Engine of new products that do not name one.</summary>
    [Required, AllowedValues("grain")]
    public string DefaultEngine { get; set; } = "grain";
}

using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Api.Hosting;

/// <summary>Limits of the HTTP side (<c>Stock:Http</c>).</summary>
public sealed class StockHttpOptions
{
    public const string Section = "Stock:Http";

    /// <summary>The largest request body accepted (docs/api.md, "Limits"): 64 KiB; larger is a 413 before anything is parsed.</summary>
    [Range(1, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}

using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Silo;

/// <summary>Where this silo listens and which cluster it joins (section <c>Silo</c>).</summary>
public sealed class SiloHostOptions
{
    public const string Section = "Silo";

    [Required]
    public string ClusterId { get; set; } = "orleans-stock";

    [Required]
    public string ServiceId { get; set; } = "orleans-stock";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}

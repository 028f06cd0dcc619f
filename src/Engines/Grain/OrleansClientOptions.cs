using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Engines.Grain;

/// <summary>
/// How the API finds the silos (section <c>Orleans</c>): through Redis membership when
/// <c>ConnectionStrings:Redis</c> is set, else through these localhost gateway ports.
/// </summary>
public sealed class OrleansClientOptions
{
    public const string Section = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "orleans-stock";

    [Required]
    public string ServiceId { get; set; } = "orleans-stock";

    [MinLength(1)]
    public int[] GatewayPorts { get; set; } = [];
}

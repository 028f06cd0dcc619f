using System.Globalization;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The param of an <c>outbox</c> cost run as <c>scripts/bench.sh</c> writes it: <c>WORKLOAD-on|off-ROUND</c>,
/// e.g. <c>spread-off-2</c>, the middle word being <c>Stock:Grain:WriteEvents</c> of the service it ran on.
/// </summary>
public readonly record struct OutboxParam(string Workload, bool WriteEvents, int Round)
{
    public static OutboxParam? TryParse(string? param)
    {
        var parts = param?.Split('-');
        if (parts is not { Length: 3 } || parts[0].Length == 0
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var round) || round < 1)
        {
            return null;
        }

        return parts[1] switch
        {
            "on" => new OutboxParam(parts[0], true, round),
            "off" => new OutboxParam(parts[0], false, round),
            _ => null,
        };
    }
}

using Orleans.Stock.Bench.Api;

namespace Orleans.Stock.Bench.Metrics;

/// <summary>The server's <c>/metrics</c> at one moment.</summary>
public sealed class MetricsSnapshot(IReadOnlyDictionary<string, double> series)
{
    public IReadOnlyDictionary<string, double> Series => series;

    /// <summary>Null when the server does not serve metrics: a run must not fail for that.</summary>
    public static async Task<MetricsSnapshot?> ScrapeAsync(StockApiClient api)
    {
        var text = await api.GetMetricsTextAsync();
        return text is null ? null : new MetricsSnapshot(PrometheusText.Parse(text));
    }

    /// <summary>The metric summed over all its label sets; null when no series of it exists.</summary>
    public double? Sum(string metric)
    {
        double? total = null;
        foreach (var (key, value) in series)
        {
            if (PrometheusText.MetricName(key) == metric)
            {
                total = (total ?? 0) + value;
            }
        }

        return total;
    }

    /// <summary>The metric summed per value of one label (e.g. per <c>strategy</c>); series without the label count under "".</summary>
    public Dictionary<string, double> SumByLabel(string metric, string label)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in series)
        {
            if (PrometheusText.MetricName(key) == metric)
            {
                var group = PrometheusText.Label(key, label) ?? "";
                totals[group] = totals.GetValueOrDefault(group) + value;
            }
        }

        return totals;
    }

    /// <summary>
    /// How each counter-like series (<c>_total</c>, and histograms' <c>_count</c>/<c>_sum</c>) whose
    /// name starts with <paramref name="prefix"/> moved since <paramref name="before"/>. A series absent
    /// before counts from 0: OpenTelemetry only exports a counter after its first increment.
    /// </summary>
    public SortedDictionary<string, double> DeltasSince(MetricsSnapshot before, string prefix)
    {
        var deltas = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in series)
        {
            var name = PrometheusText.MetricName(key);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)
                || !(name.EndsWith("_total", StringComparison.Ordinal) || name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal)))
            {
                continue;
            }

            var delta = value - before.Series.GetValueOrDefault(key);
            if (delta != 0)
            {
                deltas[key] = Math.Round(delta, 3);
            }
        }

        return deltas;
    }
}

namespace Orleans.Stock.Bench.Metrics;

/// <summary>
/// The silos' own <c>/metrics</c> (<c>Silo:MetricsPort</c>), summed series by series: what the grains
/// measure (group-commit batch sizes) is only there, not in the API's.
/// </summary>
public sealed class SiloMetricsScraper(IReadOnlyList<Uri> endpoints) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Null when none is configured or any silo did not answer: a partial sum would mislead.</summary>
    public async Task<MetricsSnapshot?> ScrapeAsync()
    {
        if (endpoints.Count == 0)
        {
            return null;
        }

        var total = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            string text;
            try
            {
                text = await _http.GetStringAsync(endpoint);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }

            foreach (var (series, value) in PrometheusText.Parse(text))
            {
                total[series] = total.GetValueOrDefault(series) + value;
            }
        }

        return new MetricsSnapshot(total);
    }

    public void Dispose() => _http.Dispose();
}

using Orleans.Stock.Bench.Metrics;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>The Prometheus text exposition format as the API and the silos serve it on <c>/metrics</c>.</summary>
public class PrometheusTextTests
{
    private const string Exposition =
        "# HELP stock_sql_attempts_total Attempts of sql reservations\n"
        + "# TYPE stock_sql_attempts_total counter\n"
        + "stock_sql_attempts_total{strategy=\"optimistic\"} 120 1764111911000\r\n"
        + "stock_sql_attempts_total{strategy=\"pessimistic\"} 30\n"
        + "\n"
        + "stock_note{text=\"a b} c\",strategy=\"grain\"} 1\n"
        + "stock_grain_batch_commands_bucket{le=\"+Inf\"} 45\n"
        + "process_uptime_seconds 12.5e1\n"
        + "stock_limit +Inf\n"
        + "lonely_series_without_value\n";

    [Fact]
    public void Series_keep_their_label_set_and_lose_comments_timestamps_and_line_ends()
    {
        var series = PrometheusText.Parse(Exposition);

        Assert.Equal(120, series["stock_sql_attempts_total{strategy=\"optimistic\"}"]);
        Assert.Equal(30, series["stock_sql_attempts_total{strategy=\"pessimistic\"}"]);
        Assert.Equal(45, series["stock_grain_batch_commands_bucket{le=\"+Inf\"}"]);
        Assert.Equal(125, series["process_uptime_seconds"]);
        Assert.Equal(double.PositiveInfinity, series["stock_limit"]);
        Assert.DoesNotContain(series.Keys, key => key.StartsWith('#') || key.StartsWith("lonely", StringComparison.Ordinal));
        Assert.Equal(6, series.Count);
    }

    [Fact]
    public void A_label_value_with_spaces_and_braces_stays_inside_its_series()
    {
        var series = PrometheusText.Parse(Exposition);

        var key = Assert.Single(series.Keys, k => k.StartsWith("stock_note", StringComparison.Ordinal));
        Assert.Equal("stock_note{text=\"a b} c\",strategy=\"grain\"}", key);
        Assert.Equal(1, series[key]);
        Assert.Equal("stock_note", PrometheusText.MetricName(key));
        Assert.Equal("a b} c", PrometheusText.Label(key, "text"));
        Assert.Equal("grain", PrometheusText.Label(key, "strategy"));
    }

    [Fact]
    public void Label_reads_past_escaped_quotes_and_is_null_when_absent()
    {
        const string series = "stock_x{reason=\"said \\\"no\\\"\",strategy=\"optimistic\"}";

        Assert.Equal("optimistic", PrometheusText.Label(series, "strategy"));
        Assert.Null(PrometheusText.Label(series, "engine"));
        Assert.Null(PrometheusText.Label("stock_x", "strategy"));
        Assert.Equal("stock_x", PrometheusText.MetricName("stock_x"));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Tracing;

/// <summary>
/// At ratio 0 the API starts no recorded trace, and the sampler is parent-based: a caller's decision
/// wins either way, so a trace is recorded whole or not at all.
/// </summary>
public sealed class SamplingTests(UnsampledTracingFixture fixture) : IClassFixture<UnsampledTracingFixture>
{
    [Fact]
    public async Task At_ratio_0_only_a_callers_sampled_trace_is_recorded_and_it_is_followed_to_the_ledger()
    {
        var quiet = TestEnvironment.NewSku("untraced");
        var followed = TestEnvironment.NewSku("traced");
        var api = new StockApiClient(fixture.Client);
        await api.CreateProductAsync(quiet, 10, "grain");
        await api.CreateProductAsync(followed, 10, "grain");
        var unsampledParent = ActivityTraceId.CreateRandom();
        await ReserveAsync(api, quiet, traceparent: null);
        await ReserveAsync(api, quiet, traceparent: $"00-{unsampledParent}-{ActivitySpanId.CreateRandom()}-00");

        var sampledParent = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        await ReserveAsync(api, followed, traceparent: $"00-{sampledParent}-{callerSpan}-01");

        // The followed trace ends after the quiet requests' spans would have (they were answered first).
        await fixture.Api.Spans.WaitForAsync(spans => spans.Any(s => Spans.IsReservationRequest(s, followed)), Spans.Timeout);
        await TracingFixture.SiloSpans.WaitForAsync(spans => spans.Any(s => s.TraceId == sampledParent && Spans.IsLedgerInsert(s)), Spans.Timeout);

        var recorded = fixture.Api.Spans.Snapshot().Concat(TracingFixture.SiloSpans.Snapshot()).ToList();
        var strays = recorded.Where(s => s.TraceId != sampledParent).ToList();
        Assert.True(strays.Count == 0, Spans.Describe(strays));
        var request = Assert.Single(recorded.DistinctBy(s => s.SpanId), s => Spans.IsReservationRequest(s, followed));
        Assert.Equal(callerSpan, request.ParentSpanId);
        Assert.Contains(recorded, s => Spans.IsStockGrainCall(s, ActivityKind.Server));
    }

    private static async Task ReserveAsync(StockApiClient api, string sku, string? traceparent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{sku}/reservations")
        {
            Content = JsonContent.Create(new { quantity = 1, userId = "user-1" }),
        };
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }

        using var response = await api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}

using System.Diagnostics;
using System.Net;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Tracing;

/// <summary>
/// One reservation is one trace: the HTTP request, the Orleans client's call, the grain's side of it
/// and the ledger INSERT of its group commit, each a descendant of the one before.
/// </summary>
public sealed class ReservationTraceTests(SampledTracingFixture fixture) : IClassFixture<SampledTracingFixture>
{
    [Fact]
    public async Task A_reservation_is_one_trace_from_the_request_through_the_grain_call_to_the_ledger_insert()
    {
        var sku = TestEnvironment.NewSku("trace");
        var api = new StockApiClient(fixture.Client);
        // The creation's write loop has ended by the time its answer is back, so the reservation starts
        // a loop of its own. The loop runs in the context of the call that started it: every batch it
        // commits until the queue runs dry joins that call's trace, so under load a group commit's
        // INSERT is in the trace of the request that opened the busy period, not in each caller's.
        await api.CreateProductAsync(sku, 10, "grain");
        using (var response = await api.ReserveAsync(sku, 1))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await fixture.Api.Spans.WaitForAsync(spans => spans.Any(s => Spans.IsReservationRequest(s, sku)), Spans.Timeout);
        var request = Assert.Single(fixture.Api.Spans.Snapshot(), s => Spans.IsReservationRequest(s, sku));
        var traceId = request.TraceId;
        await TracingFixture.SiloSpans.WaitForAsync(spans => spans.Any(s => s.TraceId == traceId && Spans.IsLedgerInsert(s)), Spans.Timeout);

        // Each host's own exporter must hold its half: in one process either provider would see every span.
        var apiTrace = fixture.Api.Spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
        var siloTrace = TracingFixture.SiloSpans.Snapshot().Where(s => s.TraceId == traceId).ToList();
        var byId = apiTrace.Concat(siloTrace).DistinctBy(s => s.SpanId).ToDictionary(s => s.SpanId);
        var insert = Assert.Single(siloTrace, Spans.IsLedgerInsert);
        var chain = Spans.Ancestry(insert, byId);
        var described = Spans.Describe(chain);

        var served = chain.FindIndex(s => Spans.IsStockGrainCall(s, ActivityKind.Server));
        var called = chain.FindIndex(s => Spans.IsStockGrainCall(s, ActivityKind.Client));
        var root = chain.IndexOf(request);
        Assert.True(served > 0 && called > served && root > called, described);
        Assert.Contains(chain[served], siloTrace);
        Assert.Contains(chain[called], apiTrace);
        // The grain's span continues the client's from the message's request context, with nothing between.
        Assert.Equal(chain[called].SpanId, chain[served].ParentSpanId);
        // Nobody upstream: the request is where the trace starts.
        Assert.Equal(default, request.ParentSpanId);
        Assert.Equal(request, chain[^1]);
    }
}

using System.Diagnostics;
using Orleans.Diagnostics;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Tests.Tracing;

/// <summary>The spans of a reservation, recognised by their source, kind and tags.</summary>
public static class Spans
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static bool IsReservationRequest(Activity span, string sku) =>
        span.Source.Name == "Microsoft.AspNetCore"
        && span.Kind == ActivityKind.Server
        && span.GetTagItem("http.route") is string route && route.TrimEnd('/') == "/api/products/{sku}/reservations"
        && span.GetTagItem("url.path") is string path && path.Contains(sku, StringComparison.Ordinal);

    /// <remarks>
    /// On Orleans' runtime source, not its application one: Orleans files every interface whose namespace
    /// starts with "Orleans" as its own, and this project's do.
    /// </remarks>
    public static bool IsStockGrainCall(Activity span, ActivityKind kind) =>
        span.Source.Name is ActivitySources.ApplicationGrainActivitySourceName or ActivitySources.RuntimeActivitySourceName
        && span.Kind == kind
        && span.GetTagItem("orleans.rpc.service") as string == typeof(IStockGrain).FullName;

    /// <summary>The group commit's statement (<c>LedgerAppendStatement</c>), not the owner claim's.</summary>
    public static bool IsLedgerInsert(Activity span) =>
        span.Source.Name == "Npgsql"
        && (span.GetTagItem("db.query.text") ?? span.GetTagItem("db.statement")) is string statement
        && statement.Contains("insert into stock_ledger (", StringComparison.Ordinal);

    /// <summary>From <paramref name="span"/> up to the root, through the spans either side recorded.</summary>
    public static List<Activity> Ancestry(Activity span, IReadOnlyDictionary<ActivitySpanId, Activity> byId)
    {
        var chain = new List<Activity> { span };
        while (chain[^1].ParentSpanId != default && byId.TryGetValue(chain[^1].ParentSpanId, out var parent))
        {
            chain.Add(parent);
        }

        return chain;
    }

    public static string Describe(IEnumerable<Activity> spans) =>
        string.Join("\n", spans.Select(s => $"{s.Source.Name} {s.Kind} '{s.DisplayName}' {s.SpanId} <- {s.ParentSpanId} ({string.Join(", ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))})"));
}

using Orleans.Stock.Bench.Api.Contracts;

namespace Orleans.Stock.Bench.Audit;

/// <summary>One product's audit: the server's counters, the clients' view and what disagreed.</summary>
public sealed record SkuAudit(string Sku, ProductBody? Server, ClientView Client, IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;
}

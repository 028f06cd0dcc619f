using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Audit;

/// <summary>Reads every product of the run back after the load and checks it (<see cref="ProductInvariants"/>, <see cref="AcknowledgementRule"/>).</summary>
public sealed class Auditor(StockApiClient api)
{
    // Plenty for reading back thousands of SKUs in a second or two without becoming a load test itself.
    private const int Concurrency = 16;
    private const int ListAllUpTo = 20;

    /// <param name="firstReserveUtc">When the run's first reserve was sent: no reservation can expire
    /// before this plus the TTL.</param>
    public async Task<AuditResult> AuditAsync(ProductSet products, ClientLedger ledger, int initialStock, int ttlSeconds, DateTime firstReserveUtc)
    {
        var audits = new SkuAudit[products.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, products.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (index, _) => audits[index] = await ReadAsync(products[index], ledger.View(index), initialStock));

        // Decided after the reads, so every read happened before this moment. A second of margin covers
        // the server's clock stamping createdAt slightly ahead of ours.
        var expiryPossible = DateTime.UtcNow - firstReserveUtc >= TimeSpan.FromSeconds(ttlSeconds - 1);
        for (var i = 0; i < audits.Length; i++)
        {
            if (audits[i].Server is { } product)
            {
                audits[i] = audits[i] with
                {
                    Violations = [.. audits[i].Violations, .. AcknowledgementRule.Check(product, audits[i].Client, expiryPossible)],
                };
            }
        }

        var failed = audits.Count(audit => !audit.Passed);
        var listed = audits.Length <= ListAllUpTo
            ? audits
            : audits.Where((audit, index) => index == 0 || !audit.Passed).ToArray();
        return new AuditResult(
            failed == 0,
            expiryPossible,
            expiryPossible ? AcknowledgementRule.ExpiryAware : AcknowledgementRule.Exact,
            audits.Length,
            failed,
            listed);
    }

    private async Task<SkuAudit> ReadAsync(string sku, ClientView client, int initialStock)
    {
        var (outcome, product) = await api.GetProductAsync(sku);
        if (product is null)
        {
            return new SkuAudit(sku, null, client, [$"could not read the product: {outcome.Label}"]);
        }

        return new SkuAudit(sku, product, client, ProductInvariants.Check(product, initialStock).ToList());
    }
}

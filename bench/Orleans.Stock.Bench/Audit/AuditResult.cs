namespace Orleans.Stock.Bench.Audit;

/// <param name="Products">Every product when there are few; otherwise the hot one and every failure.</param>
public sealed record AuditResult(
    bool Passed,
    bool ExpiryPossible,
    string Rule,
    int ProductsChecked,
    int ProductsFailed,
    IReadOnlyList<SkuAudit> Products);

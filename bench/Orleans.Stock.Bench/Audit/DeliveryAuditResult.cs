namespace Orleans.Stock.Bench.Audit;

/// <summary>The verdict of <see cref="DeliveryAudit"/>.</summary>
/// <param name="Acknowledged">Reservations acknowledged with an id: each must have arrived.</param>
/// <param name="Arrived">Of those, how many arrived (at least once).</param>
/// <param name="Unexpected">Reservations that arrived without having been acknowledged: allowed up to the
/// number of reserves with an unknown outcome on their SKU, a violation beyond.</param>
/// <param name="Duplicates">Copies beyond the first (delivery is at least once, so allowed; shown).</param>
/// <param name="InvalidSignatures">Deliveries whose <c>webhook-signature</c> did not verify with the secret.</param>
/// <param name="Violations">The first few violations; <paramref name="ViolationCount"/> counts them all.</param>
public sealed record DeliveryAuditResult(
    bool Passed,
    long Acknowledged,
    long Arrived,
    long Missing,
    long Unexpected,
    long Duplicates,
    long InvalidSignatures,
    long ViolationCount,
    IReadOnlyList<string> Violations);

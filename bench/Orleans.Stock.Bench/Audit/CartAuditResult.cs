namespace Orleans.Stock.Bench.Audit;

/// <summary>
/// The cart audit's verdict and counts: carts sent, acknowledged (2xx), refused (a 404/409 naming a
/// line) and of unknown effect, how many acknowledged carts were read back, and what disagreed.
/// </summary>
/// <param name="Violations">The first <see cref="CartAuditor.ListedViolations"/>; <paramref name="ViolationCount"/> counts all.</param>
public sealed record CartAuditResult(
    bool Passed,
    string Rule,
    int Carts,
    int Acknowledged,
    int Refused,
    int Unknown,
    int Read,
    int ViolationCount,
    IReadOnlyList<string> Violations);

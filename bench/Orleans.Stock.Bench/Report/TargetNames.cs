namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The targets as a result's scenario names them (<c>Workload.Target.Name</c>, as <c>scripts/bench.sh</c>
/// names them too), in the order the report shows them: ours first, then the guide's strategies.
/// </summary>
public static class TargetNames
{
    public const string Grain = "grain";
    public const string SqlPessimistic = "sql-pessimistic";
    public const string SqlOptimistic = "sql-optimistic";
    public const string Redis = "redis";

    /// <summary>Products on grain, sql and redis in turn: carts that span engines.</summary>
    public const string Mixed = "mixed";

    private static readonly string[] Known = [Grain, SqlPessimistic, SqlOptimistic, Redis, Mixed];

    /// <summary>Known targets in report order, then any others alphabetically.</summary>
    public static IReadOnlyList<string> Ordered(IEnumerable<string> targets)
    {
        var distinct = targets.Distinct(StringComparer.Ordinal).ToList();
        return [.. Known.Where(distinct.Contains), .. distinct.Except(Known).Order(StringComparer.Ordinal)];
    }

    /// <summary>How tables show a target: the engine/strategy label the load generator uses.</summary>
    public static string Label(string target) => target switch
    {
        SqlPessimistic => "sql/pessimistic",
        SqlOptimistic => "sql/optimistic",
        _ => target,
    };
}

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// What a result file is, read from its name <c>&lt;scenario&gt;__&lt;target&gt;__&lt;param&gt;.json</c>
/// (e.g. <c>tps__sql-pessimistic__500.json</c>). The name carries what the JSON cannot: which scenario
/// of <c>scripts/bench.sh</c> produced it and which row of the report it belongs to.
/// </summary>
public sealed record ResultName(string File, string Scenario, string Target, string Param)
{
    private const string Separator = "__";

    public static ResultName? TryParse(string fileName)
    {
        if (!fileName.EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = fileName[..^".json".Length].Split(Separator);
        return parts.Length == 3 && parts.All(part => part.Length > 0)
            ? new ResultName(fileName, parts[0], parts[1], parts[2])
            : null;
    }

    /// <summary>The file name without <c>.json</c>: <c>scenario__target__param</c>.</summary>
    public string Stem => File[..^".json".Length];

    /// <summary>The param as a number (a rate, a conflict level), or null when it is a word like <c>empty</c>.</summary>
    public double? Number =>
        double.TryParse(Param, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}

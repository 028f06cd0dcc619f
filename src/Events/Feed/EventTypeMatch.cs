namespace Orleans.Stock.Events.Feed;

/// <summary>
/// Whether an event type matches a subscription's entries: an entry is an event type, or <c>prefix.*</c>
/// for every type of that prefix (<c>reservation.*</c>). The same rule in C# and in SQL.
/// </summary>
public static class EventTypeMatch
{
    public const string Wildcard = ".*";

    public static bool Matches(IReadOnlyList<string> entries, string type)
    {
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        foreach (var entry in entries)
        {
            if (string.Equals(entry, type, StringComparison.Ordinal))
            {
                return true;
            }

            if (dot > 0 && entry.Length == dot + Wildcard.Length && entry.EndsWith(Wildcard, StringComparison.Ordinal)
                && string.CompareOrdinal(entry, 0, type, 0, dot) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The SQL condition: <paramref name="column"/> matches the text[] <paramref name="entries"/>.</summary>
    public static string Sql(string column, string entries) =>
        $"({column} = any({entries}) or (split_part({column}, '.', 1) || '{Wildcard}') = any({entries}))";
}

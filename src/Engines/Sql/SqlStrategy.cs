namespace Orleans.Stock.Engines.Sql;

/// <summary>The guide's two ways of taking stock from a row.</summary>
public enum SqlStrategy
{
    /// <summary>One transaction holding <c>SELECT ... FOR UPDATE</c> on the stock row.</summary>
    Pessimistic,

    /// <summary>Read the version, update only if it is unchanged, retry on conflict.</summary>
    Optimistic,
}

using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>The <c>sql_stock</c> columns a <see cref="ProductView"/> is read from, in the order <see cref="Read"/> expects them.</summary>
internal static class SqlProductColumns
{
    private static readonly string[] Names =
    [
        "sku", "name", "initial_stock", "available", "reserved", "sold", "restocked", "version", "created_at", "max_per_user", "adjusted",
        "low_stock_threshold",
    ];

    public static readonly string Plain = string.Join(", ", Names);

    /// <summary>The columns qualified with <paramref name="alias"/>, for statements that join other tables.</summary>
    public static string Of(string alias) => string.Join(", ", Names.Select(n => $"{alias}.{n}"));

    /// <summary>A product from the columns starting at <paramref name="first"/>.</summary>
    public static ProductView Read(NpgsqlDataReader reader, int first = 0)
    {
        var available = reader.GetInt64(first + 3);
        var reserved = reader.GetInt64(first + 4);
        return new ProductView(
            reader.GetString(first), reader.GetString(first + 1), reader.GetInt64(first + 2), available + reserved, available, reserved,
            reader.GetInt64(first + 5), reader.GetInt64(first + 6), reader.GetInt64(first + 7), reader.GetDateTime(first + 8),
            reader.IsDBNull(first + 9) ? null : reader.GetInt32(first + 9),
            reader.GetInt64(first + 10),
            reader.IsDBNull(first + 11) ? null : reader.GetInt32(first + 11));
    }
}

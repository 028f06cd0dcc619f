using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>An <c>sql_stock</c> row as a change decides on it: its key and the product it holds before the change.</summary>
internal sealed record StockRow(long Id, ProductView Product)
{
    public long Available => Product.Available;

    public long Version => Product.Version;

    public int? MaxPerUser => Product.MaxPerUser;

    /// <summary>The columns <see cref="Read"/> expects, for a select of one row (unqualified).</summary>
    public static readonly string Columns = "id, " + SqlProductColumns.Plain;

    public static StockRow Read(NpgsqlDataReader reader) => new(reader.GetInt64(0), SqlProductColumns.Read(reader, 1));
}

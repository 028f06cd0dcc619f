namespace Orleans.Stock.Engines.Sql;

/// <summary>The columns of an <c>sql_stock</c> row that a reservation decides on.</summary>
internal readonly record struct StockRow(long Id, long Available, long Version, int? MaxPerUser = null);

using Npgsql;

namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// PostgreSQL refused an append because of the data itself (SQLSTATE class 22, "data exception",
/// or an integrity violation of class 23 other than the key conflicts the ledger answers on its own):
/// nothing was committed, and the same rows would be refused again. The grain splits the batch so
/// that only the command carrying the bad value fails.
/// </summary>
public sealed class LedgerDataException(string sku, PostgresException inner)
    : Exception($"PostgreSQL refused the ledger append of '{sku}' for its data ({inner.SqlState}).", inner)
{
    private const string UniqueViolation = "23505";

    public string Sku { get; } = sku;

    public string SqlState { get; } = inner.SqlState;

    /// <summary>Whether <paramref name="ex"/> is the data's fault rather than the database's state.</summary>
    public static bool IsDataError(PostgresException ex) =>
        ex.SqlState.StartsWith("22", StringComparison.Ordinal)
        || (ex.SqlState.StartsWith("23", StringComparison.Ordinal) && ex.SqlState != UniqueViolation);
}

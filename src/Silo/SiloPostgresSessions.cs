using System.Globalization;
using Npgsql;

namespace Orleans.Stock.Silo;

/// <summary>
/// The silo's PostgreSQL sessions, with a server-side limit on how long one may sit idle inside
/// an open transaction. A ledger append is BEGIN, INSERT, COMMIT in quick succession; if the silo
/// freezes in between (a paused VM, SIGSTOP, a stop-the-world pause), its transaction keeps the
/// rows of the next versions locked, and the SKU's new activation on a live silo would wait on
/// that lock for as long as the frozen process keeps its socket open. With the limit PostgreSQL
/// ends such a session after a few seconds, its transaction rolls back (nothing was acknowledged
/// from it), and the successor's append goes through.
/// </summary>
public static class SiloPostgresSessions
{
    private const string Setting = "idle_in_transaction_session_timeout";

    /// <summary><paramref name="connectionString"/> with the limit added, unless it already sets one.</summary>
    public static string WithIdleInTransactionLimit(string connectionString, TimeSpan limit)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains(Setting, StringComparison.OrdinalIgnoreCase) == true)
        {
            return connectionString;
        }

        var milliseconds = ((long)limit.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        builder.Options = $"{builder.Options} -c {Setting}={milliseconds}".Trim();
        return builder.ConnectionString;
    }
}

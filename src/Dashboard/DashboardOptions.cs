using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// The dashboard's alert bounds and busiest-SKU table (section <c>Stock:Dashboard</c>); live, so a
/// bound can be tuned during an incident. The conflict-rate alert uses the sql engine's own
/// <c>Stock:Sql:ConflictWarningThreshold</c> (the guide's 15 %).
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Stock:Dashboard";

    /// <summary>Alert when the reservation p99 of any engine and strategy exceeds this over <see cref="AlertWindow"/>.</summary>
    [Range(1.0, 600_000.0)]
    public double P99AlertMilliseconds { get; set; } = 500;

    /// <summary>
    /// Alert when this share of reservation answers over <see cref="AlertWindow"/> are errors: every
    /// refusal except <c>insufficient-stock</c>, which is a sold-out product working as intended.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ErrorRateAlert { get; set; } = 0.05;

    /// <summary>Alert when the redis engine's oldest change not yet in PostgreSQL is older than this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SyncLagAlert { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The window of the p99 and error-rate alerts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AlertWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fewer requests than this in the window raise no p99 or error alert: one slow request is not an incident.</summary>
    [Range(1, 1_000_000)]
    public int AlertMinimumRequests { get; set; } = 20;

    /// <summary>Rows of the busiest-SKU table.</summary>
    [Range(1, 50)]
    public int BusySkus { get; set; } = 10;

    /// <summary>Distinct SKUs counted per window; beyond it new SKUs wait for the next window, so memory stays bounded.</summary>
    [Range(10, 1_000_000)]
    public int MaxTrackedSkus { get; set; } = 10_000;

    /// <summary>How long a SKU's request count lasts (the table ranks over the current and the previous window).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BusySkuWindow { get; set; } = TimeSpan.FromSeconds(10);
}

using System.Globalization;
using Orleans.Stock.Abstractions;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>From the engine's Redis hashes (<c>HGETALL</c> replies) to the views the API answers with, and times to Unix ms.</summary>
public static class RedisHashes
{
    public static ProductView Product(string sku, RedisResult hash)
    {
        var f = Fields(hash);
        var available = Long(f["available"]);
        var reserved = Long(f["reserved"]);
        return new ProductView(
            sku, f["name"], Long(f["initial"]), available + reserved, available, reserved, Long(f["sold"]), Long(f["restocked"]),
            Long(f["version"]), StockChangeParser.Time(f["createdAt"]),
            f.TryGetValue("maxPerUser", out var max) ? int.Parse(max, CultureInfo.InvariantCulture) : null,
            // Absent from a hash no adjustment has touched yet (nor one loaded before adjustments existed).
            f.TryGetValue("adjusted", out var adjusted) ? Long(adjusted) : 0,
            f.TryGetValue("lowStockThreshold", out var low) ? int.Parse(low, CultureInfo.InvariantCulture) : null);
    }

    public static ReservationView Reservation(string sku, string reservationId, RedisResult hash)
    {
        var f = Fields(hash);
        return new ReservationView(
            reservationId, sku, int.Parse(f["quantity"], CultureInfo.InvariantCulture), f["userId"], StockChangeParser.Status(f["status"]),
            StockChangeParser.Time(f["createdAt"]), StockChangeParser.Time(f["expiresAt"]),
            f.TryGetValue("owner", out var owner) && owner.Length > 0 ? owner : null);
    }

    public static bool IsEmpty(RedisResult hash) => hash.Length == 0;

    public static long UnixMilliseconds(DateTime utc) => new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static string Status(ReservationStatus status) => status switch
    {
        ReservationStatus.Pending => "pending",
        ReservationStatus.Confirmed => "confirmed",
        ReservationStatus.Cancelled => "cancelled",
        ReservationStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static Dictionary<string, string> Fields(RedisResult hash)
    {
        var items = (RedisResult[])hash!;
        var fields = new Dictionary<string, string>(items.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            fields[(string)items[i]!] = (string)items[i + 1]!;
        }

        return fields;
    }

    private static long Long(string value) => long.Parse(value, CultureInfo.InvariantCulture);
}

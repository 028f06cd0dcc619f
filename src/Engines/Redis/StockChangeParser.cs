using System.Globalization;
using Orleans.Stock.Abstractions;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>Reads the entries <c>log_change</c> (<see cref="Scripts.LuaPrelude"/>) writes.</summary>
public static class StockChangeParser
{
    public static StockChange Parse(StreamEntry entry)
    {
        var fields = new Dictionary<string, string>(entry.Values.Length, StringComparer.Ordinal);
        foreach (var value in entry.Values)
        {
            fields[value.Name!] = value.Value!;
        }

        var at = Time(fields["t"]);
        StoredReservation? reservation = null;
        if (fields.TryGetValue("id", out var id))
        {
            var key = fields["k"];
            reservation = new StoredReservation(
                id, int.Parse(fields["q"], CultureInfo.InvariantCulture), fields["u"], Status(fields["st"]),
                Time(fields["c"]), Time(fields["e"]), at, key.Length == 0 ? null : key, long.Parse(fields["h"], CultureInfo.InvariantCulture),
                fields.TryGetValue("o", out var owner) && owner.Length > 0 ? owner : null);
        }

        return new StockChange(
            ChangeStreamId.Parse(entry.Id!), fields["sku"], Long(fields["v"]), Long(fields["a"]), Long(fields["r"]), Long(fields["s"]), Long(fields["rs"]), at, reservation,
            fields.TryGetValue("ad", out var adjusted) ? Long(adjusted) : 0, History(fields));
    }

    private static ChangeHistory? History(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("kd", out var kind))
        {
            return null;
        }

        if (!HistoryKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            throw new FormatException($"Unknown change kind '{kind}'.");
        }

        return new ChangeHistory(
            kind, Long(fields["dq"]), Long(fields["ab"]),
            fields["lt"] is { Length: > 0 } low ? int.Parse(low, CultureInfo.InvariantCulture) : null,
            OrNull(fields["rn"]), OrNull(fields["ac"]),
            fields.TryGetValue("ak", out var key) ? new AdjustmentKey(key, Long(fields["af"]), Time(fields["t"])) : null);
    }

    private static string? OrNull(string value) => value.Length == 0 ? null : value;

    public static ReservationStatus Status(string status) => status switch
    {
        "pending" => ReservationStatus.Pending,
        "confirmed" => ReservationStatus.Confirmed,
        "cancelled" => ReservationStatus.Cancelled,
        "expired" => ReservationStatus.Expired,
        _ => throw new FormatException($"Unknown reservation status '{status}'."),
    };

    public static DateTime Time(string unixMilliseconds) =>
        DateTime.UnixEpoch.AddMilliseconds(long.Parse(unixMilliseconds, CultureInfo.InvariantCulture));

    private static long Long(string value) => long.Parse(value, CultureInfo.InvariantCulture);
}

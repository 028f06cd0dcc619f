using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines.Redis.Scripts;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The engine's operations on Redis, each one script run: the keys and arguments each script
/// takes, and what its reply means.
/// </summary>
public sealed class RedisStockStore(
    RedisScriptRunner scripts,
    [FromKeyedServices(RedisEngineSetup.ServiceKey)] IConnectionMultiplexer redis,
    IOptions<RedisEngineOptions> options)
{
    private readonly RedisEngineOptions _options = options.Value;

    public async Task<RedisAnswer<ProductView>> ReadProductAsync(string sku)
    {
        var hash = await scripts.RunAsync(ReadProductScript.Script, [RedisKeys.Counters(sku)], []);
        return RedisHashes.IsEmpty(hash)
            ? RedisAnswer<ProductView>.Missing(RedisLookup.ProductMissing)
            : RedisAnswer<ProductView>.Of(new() { Value = RedisHashes.Product(sku, hash) });
    }

    public async Task<RedisAnswer<ProductView>> RestockAsync(string sku, long quantity, string? actor, DateTime now)
    {
        var reply = await scripts.RunAsync(RestockScript.Script, [RedisKeys.Counters(sku), RedisKeys.Changes], [sku, quantity, Ms(now), actor ?? ""]);
        return Code(reply) == "missing"
            ? RedisAnswer<ProductView>.Missing(RedisLookup.ProductMissing)
            : RedisAnswer<ProductView>.Of(new() { Value = RedisHashes.Product(sku, reply[1]) });
    }

    /// <summary>A delta or a set of on hand (<see cref="AdjustScript"/>).</summary>
    public async Task<RedisAnswer<ProductView>> AdjustAsync(string sku, StockAdjustment adjustment, DateTime now)
    {
        var key = adjustment.ScopedIdempotencyKey;
        RedisKey[] keys = [RedisKeys.Counters(sku), RedisKeys.Idempotency(sku, key ?? ""), RedisKeys.Changes];
        RedisValue[] values =
        [
            sku, adjustment.Mode == AdjustmentMode.Delta ? "delta" : "set", adjustment.Amount,
            adjustment.Expected is { } expected ? expected : "", adjustment.Reason, adjustment.Actor ?? "", key ?? "",
            adjustment.Fingerprint().ToString(CultureInfo.InvariantCulture), (long)_options.IdempotencyKeyTtl.TotalMilliseconds, Ms(now),
        ];
        var reply = await scripts.RunAsync(AdjustScript.Script, keys, values);
        return Code(reply) switch
        {
            "ok" => RedisAnswer<ProductView>.Of(new() { Value = RedisHashes.Product(sku, reply[1]) }),
            "replay" => RedisAnswer<ProductView>.Of(new() { Value = RedisHashes.Product(sku, reply[1]), Replayed = true }),
            "missing" => RedisAnswer<ProductView>.Missing(RedisLookup.ProductMissing),
            "reused" => RedisAnswer<ProductView>.Of(new() { Error = StockError.IdempotencyKeyReused }),
            "mismatch" => RedisAnswer<ProductView>.Of(new() { Error = StockError.VersionMismatch, Version = (long)reply[1], OnHand = (long)reply[2] }),
            "insufficient" => RedisAnswer<ProductView>.Of(new() { Error = StockError.InsufficientStock, Available = (long)reply[1] }),
            var code => throw Unexpected(AdjustScript.Script, code),
        };
    }

    /// <summary>Writes the settings <paramref name="change"/> sets (<see cref="SettingsScript"/>).</summary>
    public async Task<RedisAnswer<ProductView>> UpdateSettingsAsync(string sku, ProductSettingsChange change)
    {
        RedisValue[] values =
        [
            change.SetsMaxPerUser ? "1" : "0", change.MaxPerUser is { } max ? max : "",
            change.SetsLowStockThreshold ? "1" : "0", change.LowStockThreshold is { } low ? low : "",
        ];
        var reply = await scripts.RunAsync(SettingsScript.Script, [RedisKeys.Counters(sku)], values);
        return Code(reply) switch
        {
            "ok" => RedisAnswer<ProductView>.Of(new() { Value = RedisHashes.Product(sku, reply[1]) }),
            "missing" => RedisAnswer<ProductView>.Missing(RedisLookup.ProductMissing),
            var code => throw Unexpected(SettingsScript.Script, code),
        };
    }

    public async Task<RedisAnswer<ReservationView>> ReserveAsync(string sku, NewReservation r)
    {
        RedisKey[] keys =
        [
            RedisKeys.Counters(sku), RedisKeys.Expiry(sku), RedisKeys.Reservation(sku, r.ReservationId),
            RedisKeys.Idempotency(sku, r.IdempotencyKey ?? ""), RedisKeys.Changes, RedisKeys.Expiring,
        ];
        RedisValue[] values =
        [
            sku, r.ReservationId, r.Quantity, r.UserId, Ms(r.CreatedAt), Ms(r.ExpiresAt), r.IdempotencyKey ?? "",
            r.RequestHash.ToString(CultureInfo.InvariantCulture), (long)_options.IdempotencyKeyTtl.TotalMilliseconds,
            RedisKeys.ReservationPrefix(sku), r.Owner ?? "",
        ];
        return ReserveAnswer(sku, r, await scripts.RunAsync(ReserveScript.Script, keys, values));
    }

    /// <summary>Every line or none, in one script (<see cref="ReserveLinesScript"/>); the SKUs are distinct.</summary>
    public async Task<RedisLinesAnswer> ReserveLinesAsync(IReadOnlyList<(string Sku, NewReservation Reservation)> lines)
    {
        var keys = new RedisKey[2 + (lines.Count * ReserveLinesScript.KeysPerLine)];
        var values = new RedisValue[1 + (lines.Count * ReserveLinesScript.ArgumentsPerLine)];
        keys[0] = RedisKeys.Changes;
        keys[1] = RedisKeys.Expiring;
        values[0] = (long)_options.IdempotencyKeyTtl.TotalMilliseconds;
        int k = 2, v = 1;
        foreach (var (sku, r) in lines)
        {
            keys[k++] = RedisKeys.Counters(sku);
            keys[k++] = RedisKeys.Expiry(sku);
            keys[k++] = RedisKeys.Reservation(sku, r.ReservationId);
            keys[k++] = RedisKeys.Idempotency(sku, r.IdempotencyKey ?? "");
            values[v++] = sku;
            values[v++] = r.ReservationId;
            values[v++] = r.Quantity;
            values[v++] = r.UserId;
            values[v++] = Ms(r.CreatedAt);
            values[v++] = Ms(r.ExpiresAt);
            values[v++] = r.IdempotencyKey ?? "";
            values[v++] = r.RequestHash.ToString(CultureInfo.InvariantCulture);
            values[v++] = RedisKeys.ReservationPrefix(sku);
            values[v++] = r.Owner ?? "";
        }

        var reply = await scripts.RunAsync(ReserveLinesScript.Script, keys, values);
        switch (Code(reply))
        {
            case "ok":
                var taken = (RedisResult[])reply[1]!;
                return new RedisLinesAnswer { Lines = [.. lines.Select((line, i) => ReserveAnswer(line.Sku, line.Reservation, taken[i]))] };
            case "missing":
                return new RedisLinesAnswer { FailedIndex = (int)reply[1], Failure = RedisAnswer<ReservationView>.Missing(RedisLookup.ProductMissing) };
            case "refused":
                var index = (int)reply[1];
                return new RedisLinesAnswer { FailedIndex = index, Failure = ReserveAnswer(lines[index].Sku, lines[index].Reservation, reply[2]) };
            case var code:
                throw Unexpected(ReserveLinesScript.Script, code);
        }
    }

    /// <param name="target">Confirmed or cancelled.</param>
    /// <param name="owner">The caller's owner; null: any.</param>
    /// <param name="actor">Who completes it, recorded in the history; null: unknown.</param>
    public async Task<RedisAnswer<ReservationView>> CompleteAsync(string sku, string reservationId, ReservationStatus target, string? owner, string? actor, DateTime now)
    {
        RedisKey[] keys = [RedisKeys.Counters(sku), RedisKeys.Expiry(sku), RedisKeys.Reservation(sku, reservationId), RedisKeys.Changes];
        RedisValue[] values = [sku, reservationId, RedisHashes.Status(target), Ms(now), RetentionMs(), owner ?? "", actor ?? ""];
        var reply = await scripts.RunAsync(CompleteScript.Script, keys, values);
        return Code(reply) switch
        {
            "ok" => RedisAnswer<ReservationView>.Of(new() { Value = RedisHashes.Reservation(sku, reservationId, reply[1]) }),
            "missing" => RedisAnswer<ReservationView>.Missing(RedisLookup.ProductMissing),
            "notfound" => RedisAnswer<ReservationView>.Missing(RedisLookup.ReservationMissing),
            "notowned" => RedisAnswer<ReservationView>.Of(new() { Error = StockError.ReservationNotFound }),
            "notpending" => RedisAnswer<ReservationView>.Of(new()
            {
                Error = StockError.ReservationNotPending,
                Status = StockChangeParser.Status((string)reply[1]!),
            }),
            var code => throw Unexpected(CompleteScript.Script, code),
        };
    }

    public async Task<RedisAnswer<ReservationView>> ReadReservationAsync(string sku, string reservationId)
    {
        var reply = await scripts.RunAsync(ReadReservationScript.Script, [RedisKeys.Counters(sku), RedisKeys.Reservation(sku, reservationId)], []);
        return Code(reply) switch
        {
            "ok" => RedisAnswer<ReservationView>.Of(new() { Value = RedisHashes.Reservation(sku, reservationId, reply[1]) }),
            "missing" => RedisAnswer<ReservationView>.Missing(RedisLookup.ProductMissing),
            "notfound" => RedisAnswer<ReservationView>.Missing(RedisLookup.ReservationMissing),
            var code => throw Unexpected(ReadReservationScript.Script, code),
        };
    }

    /// <summary>Releases up to <paramref name="limit"/> due reservations of the SKU; returns how many.</summary>
    public async Task<int> ExpireAsync(string sku, DateTime now, int limit)
    {
        RedisKey[] keys = [RedisKeys.Counters(sku), RedisKeys.Expiry(sku), RedisKeys.Changes, RedisKeys.Expiring];
        RedisValue[] values = [sku, Ms(now), limit, RedisKeys.ReservationPrefix(sku), RetentionMs()];
        return (int)await scripts.RunAsync(ExpireScript.Script, keys, values);
    }

    /// <summary>SKUs whose earliest pending reservation is due, oldest first.</summary>
    public async Task<string[]> DueSkusAsync(DateTime now, int limit)
    {
        var due = await redis.GetDatabase().SortedSetRangeByScoreAsync(RedisKeys.Expiring, double.NegativeInfinity, Ms(now), take: limit);
        return [.. due.Select(v => (string)v!)];
    }

    /// <summary>Writes <paramref name="product"/> into Redis as <paramref name="mode"/> allows; true when it did.</summary>
    public async Task<bool> LoadAsync(ProductSnapshot product, LoadMode mode, DateTime now)
    {
        var values = new RedisValue[LoadScript.FixedArguments + (product.Reservations.Count * LoadScript.ReservationFields)];
        var i = 0;
        values[i++] = product.Sku;
        values[i++] = mode switch { LoadMode.Create => "create", LoadMode.Missing => "missing", _ => "behind" };
        values[i++] = product.Version;
        values[i++] = product.Name;
        values[i++] = product.InitialStock;
        values[i++] = product.Available;
        values[i++] = product.Reserved;
        values[i++] = product.Sold;
        values[i++] = product.Restocked;
        values[i++] = Ms(product.CreatedAt);
        values[i++] = Ms(now);
        values[i++] = RedisKeys.ReservationPrefix(product.Sku);
        values[i++] = RedisKeys.IdempotencyPrefix(product.Sku);
        values[i++] = RetentionMs();
        values[i++] = product.MaxPerUser is { } max ? max : "";
        values[i++] = System.Text.Json.JsonSerializer.Serialize(product.Held ?? new Dictionary<string, long>());
        values[i++] = product.Adjusted;
        values[i++] = product.LowStockThreshold is { } low ? low : "";
        var keyTtl = (long)_options.IdempotencyKeyTtl.TotalMilliseconds;
        values[i++] = System.Text.Json.JsonSerializer.Serialize(
            (product.AdjustmentKeys ?? []).Select(k => (object[])[k.Key, k.Fingerprint.ToString(CultureInfo.InvariantCulture), Ms(k.CreatedAt) + keyTtl - Ms(now)])
                .Where(k => (long)k[2] > 0));
        foreach (var r in product.Reservations)
        {
            values[i++] = r.Id;
            values[i++] = r.Quantity;
            values[i++] = r.UserId;
            values[i++] = RedisHashes.Status(r.Status);
            values[i++] = Ms(r.CreatedAt);
            values[i++] = Ms(r.ExpiresAt);
            values[i++] = Ms(r.UpdatedAt);
            values[i++] = r.IdempotencyKey ?? "";
            values[i++] = (r.RequestHash ?? 0).ToString(CultureInfo.InvariantCulture);
            values[i++] = r.IdempotencyKey is null ? 0 : Math.Max(0, Ms(r.CreatedAt) + keyTtl - Ms(now));
            values[i++] = r.Owner ?? "";
        }

        RedisKey[] keys = [RedisKeys.Counters(product.Sku), RedisKeys.Expiry(product.Sku), RedisKeys.Changes, RedisKeys.Expiring];
        return (int)await scripts.RunAsync(LoadScript.Script, keys, values) == 1;
    }

    /// <summary>Reservation ids Redis holds as pending for the SKU (what a reload must ask PostgreSQL about).</summary>
    public async Task<string[]> PendingIdsAsync(string sku)
    {
        var ids = await redis.GetDatabase().SortedSetRangeByRankAsync(RedisKeys.Expiry(sku));
        return [.. ids.Select(v => (string)v!)];
    }

    /// <summary>What a reserve replied for one line, by <see cref="ReserveScript"/>'s codes (<c>taken</c> for a cart's line).</summary>
    private static RedisAnswer<ReservationView> ReserveAnswer(string sku, NewReservation r, RedisResult reply) => Code(reply) switch
    {
        "ok" or "taken" => RedisAnswer<ReservationView>.Of(new() { Value = r.ToView(sku) }),
        "missing" => RedisAnswer<ReservationView>.Missing(RedisLookup.ProductMissing),
        "limit" => RedisAnswer<ReservationView>.Of(new() { Error = StockError.LimitExceeded, MaxPerUser = (int)reply[1], Held = (long)reply[2] }),
        "insufficient" => RedisAnswer<ReservationView>.Of(new() { Error = StockError.InsufficientStock, Available = (long)reply[1] }),
        "reused" => RedisAnswer<ReservationView>.Of(new() { Error = StockError.IdempotencyKeyReused }),
        // The reservation a key names is kept at least as long as the key; an empty hash would
        // mean it was evicted anyway, and PostgreSQL answers for it.
        "replay" when RedisHashes.IsEmpty(reply[2]) => new RedisAnswer<ReservationView>(
            RedisLookup.ReservationMissing, new() { Value = r.ToView(sku) with { ReservationId = (string)reply[1]! }, Replayed = true }),
        "replay" => RedisAnswer<ReservationView>.Of(new() { Value = RedisHashes.Reservation(sku, (string)reply[1]!, reply[2]), Replayed = true }),
        var code => throw Unexpected(ReserveScript.Script, code),
    };

    private long RetentionMs() => (long)_options.CompletedRetention.TotalMilliseconds;

    private static long Ms(DateTime utc) => RedisHashes.UnixMilliseconds(utc);

    private static string Code(RedisResult reply) => (string)reply[0]!;

    private static InvalidOperationException Unexpected(RedisScript script, string code) =>
        new($"Redis script '{script.Name}' replied '{code}', which this engine does not know.");
}

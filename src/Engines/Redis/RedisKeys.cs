using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The engine's Redis keys. A SKU's keys share the hash tag <c>{SKU}</c>, so they live in one slot
/// and one script can change them together.
/// </summary>
public static class RedisKeys
{
    /// <summary>Every change, in order, for the write-behind to PostgreSQL.</summary>
    public static readonly RedisKey Changes = "stock:changes";

    /// <summary>SKUs with pending reservations, scored by their earliest <c>expiresAt</c> (ms): the sweeper's work list.</summary>
    public static readonly RedisKey Expiring = "stock:expiring";

    /// <summary>An id made once per Redis data set; a wiped Redis gets a new one, and so a new sync watermark.</summary>
    public static readonly RedisKey Instance = "stock:sync:instance";

    /// <summary>Hash: name, initial, available, reserved, sold, restocked, adjusted, version, createdAt, and maxPerUser / lowStockThreshold when set.</summary>
    public static RedisKey Counters(string sku) => $"stock:{{{sku}}}:counters";

    /// <summary>Hash: userId -> units held (pending plus confirmed), for every product, so a <c>maxPerUser</c> set later holds at once (the scripts derive it from <see cref="Counters"/>).</summary>
    public static RedisKey Held(string sku) => $"stock:{{{sku}}}:held";

    /// <summary>Sorted set of the SKU's pending reservation ids by <c>expiresAt</c> (ms).</summary>
    public static RedisKey Expiry(string sku) => $"stock:{{{sku}}}:expiry";

    /// <summary>Hash: quantity, userId, status, createdAt, expiresAt, updatedAt, idempotencyKey, requestHash.</summary>
    public static RedisKey Reservation(string sku, string reservationId) => $"{ReservationPrefix(sku)}{reservationId}";

    /// <summary>String <c>reservationId|requestHash</c> (an adjustment's key, behind its own prefix: the body's fingerprint), kept for <see cref="RedisEngineOptions.IdempotencyKeyTtl"/>.</summary>
    public static RedisKey Idempotency(string sku, string key) => $"{IdempotencyPrefix(sku)}{key}";

    /// <summary>Scripts that reach a reservation by an id they read (a replay, the sweep) build its key from this.</summary>
    public static string ReservationPrefix(string sku) => $"stock:{{{sku}}}:res:";

    public static string IdempotencyPrefix(string sku) => $"stock:{{{sku}}}:idem:";
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Abstractions;

/// <summary>
/// A validated change of on hand that an ERP or a cycle count makes (docs/api.md, "Stock adjustments"):
/// a relative <see cref="AdjustmentMode.Delta"/> or an absolute <see cref="AdjustmentMode.Set"/>. Neither
/// touches pending reservations; both are recorded as one <c>adjusted</c> history item with the delta made.
/// </summary>
/// <param name="Amount">The delta (not 0) for <see cref="AdjustmentMode.Delta"/>; the new on hand for <see cref="AdjustmentMode.Set"/>.</param>
/// <param name="Expected">Compare-and-set: the product's <c>version</c> for a delta, its <c>onHand</c> for a set; null: none.</param>
/// <param name="Actor">The caller's key id, recorded with the change.</param>
/// <param name="IdempotencyKey">The caller's Idempotency-Key, raw; engines store <see cref="ScopedIdempotencyKey"/>.</param>
[GenerateSerializer, Immutable, Alias("stock.StockAdjustment")]
public sealed record StockAdjustment(
    [property: Id(0)] AdjustmentMode Mode,
    [property: Id(1)] long Amount,
    [property: Id(2)] string Reason,
    [property: Id(3)] long? Expected,
    [property: Id(4)] string? Actor,
    [property: Id(5)] string? IdempotencyKey)
{
    /// <summary>
    /// How engines store the key: scoped to the actor like a reservation's, behind a prefix a scoped
    /// reservation key (it starts with the owner's length) never has, so that the two never meet on one SKU.
    /// </summary>
    public string? ScopedIdempotencyKey =>
        IdempotencyKey is null ? null : AdjustmentKeyPrefix + ReservationOwner.ScopeKey(Actor ?? string.Empty, IdempotencyKey);

    public const string AdjustmentKeyPrefix = "adjust:";

    /// <summary>A stable digest of the body, stored beside the key to tell a different body (422) from a replay.</summary>
    public long Fingerprint()
    {
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Mode}\n{Amount}\n{Expected}\n{Reason}");
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }

    /// <summary>The delta this adjustment makes to a product that has <paramref name="onHand"/> now.</summary>
    public long DeltaFrom(long onHand) => Mode == AdjustmentMode.Delta ? Amount : Amount - onHand;
}

/// <summary>Which of the two adjustment endpoints a <see cref="StockAdjustment"/> came from.</summary>
public enum AdjustmentMode
{
    /// <summary><c>POST /api/products/{sku}/adjustments</c>: add a delta to on hand.</summary>
    Delta,

    /// <summary><c>PUT /api/products/{sku}/stock</c>: set on hand.</summary>
    Set,
}

using System.Collections.Concurrent;
using Orleans.Stock.Bench.Api;

namespace Orleans.Stock.Bench.Audit;

/// <summary>
/// The reservations a run was told were made, by id and SKU, and per SKU how many reserves ended with
/// their effect unknown (timeout, lost connection, 5xx): the delivery audit expects exactly one
/// <c>reservation.created</c> for each of the first and allows one for each of the second.
/// </summary>
public sealed class AcknowledgedReservations(int skuCount)
{
    private readonly ConcurrentDictionary<string, int> _skuOf = new(StringComparer.Ordinal);
    private readonly long[] _unknown = new long[skuCount];

    /// <summary>Reservation id to SKU index, of every acknowledged reserve that named its id.</summary>
    public IReadOnlyDictionary<string, int> SkuOf => _skuOf;

    public int Count => _skuOf.Count;

    public void Reserved(int sku, string? reservationId, in ApiOutcome outcome)
    {
        if (outcome.IsSuccess && reservationId is not null)
        {
            _skuOf[reservationId] = sku;
        }
        else if (outcome.EffectUnknown || outcome.IsSuccess)
        {
            // A 2xx whose body could not be read made a reservation the audit cannot name: its event is
            // allowed, like an unknown outcome's, but cannot be required.
            Interlocked.Increment(ref _unknown[sku]);
        }
    }

    public IReadOnlyList<long> UnknownPerSku() => [.. _unknown.Select((_, i) => Interlocked.Read(ref _unknown[i]))];
}

using System.Globalization;

namespace Orleans.Stock.Bench.Audit;

/// <summary>
/// docs/api.md's outbox promise seen from a webhook: each committed change has exactly one event, and a
/// change that did not commit has none. So every acknowledged reservation's <c>reservation.created</c>
/// arrives, for its own SKU; and per SKU no more reservations arrive unacknowledged than reserves there
/// ended with their effect unknown (a refused reservation has no event). Copies of one event are
/// allowed (at least once) and counted. Every delivery must carry a valid signature.
/// </summary>
public static class DeliveryAudit
{
    private const int ListUpTo = 20;

    /// <param name="acknowledged">Reservation id to SKU index, of every acknowledged reserve.</param>
    /// <param name="unknownPerSku">Per SKU index, reserves whose effect is unknown.</param>
    /// <param name="received">Reservation id to what arrived for it.</param>
    /// <param name="skuName">The SKU of an index, for the violations' text.</param>
    public static DeliveryAuditResult Check(
        IReadOnlyDictionary<string, int> acknowledged,
        IReadOnlyList<long> unknownPerSku,
        IReadOnlyDictionary<string, ReceivedReservation> received,
        long invalidSignatures,
        Func<int, string> skuName)
    {
        var violations = new List<string>();
        long count = 0;
        void Violation(string text)
        {
            count++;
            if (violations.Count < ListUpTo)
            {
                violations.Add(text);
            }
        }

        long arrived = 0;
        long missing = 0;
        foreach (var (id, sku) in acknowledged.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!received.TryGetValue(id, out var got))
            {
                missing++;
                Violation($"{skuName(sku)}: reservation {id} was acknowledged, its reservation.created never arrived");
            }
            else if (got.Sku != sku)
            {
                Violation($"reservation {id} was made on {skuName(sku)} but its event names {skuName(got.Sku)}");
            }
            else
            {
                arrived++;
            }
        }

        var unexpectedPerSku = new long[unknownPerSku.Count];
        long duplicates = 0;
        foreach (var (id, got) in received)
        {
            duplicates += got.Copies - 1;
            if (!acknowledged.ContainsKey(id) && got.Sku >= 0 && got.Sku < unexpectedPerSku.Length)
            {
                unexpectedPerSku[got.Sku]++;
            }
        }

        for (var sku = 0; sku < unexpectedPerSku.Length; sku++)
        {
            if (unexpectedPerSku[sku] > unknownPerSku[sku])
            {
                Violation(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{skuName(sku)}: {unexpectedPerSku[sku]} reservation(s) arrived that were never acknowledged, but only {unknownPerSku[sku]} reserve(s) there had an unknown outcome"));
            }
        }

        if (invalidSignatures > 0)
        {
            Violation(string.Create(CultureInfo.InvariantCulture, $"{invalidSignatures} deliveries carried no valid webhook-signature"));
        }

        return new DeliveryAuditResult(count == 0, acknowledged.Count, arrived, missing, unexpectedPerSku.Sum(), duplicates, invalidSignatures, count, violations);
    }
}

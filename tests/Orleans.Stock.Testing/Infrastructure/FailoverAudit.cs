using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// Checks what a load under failure left in the ledger against what clients were told:
/// every acknowledged reservation and confirmation is there, nothing was reserved that nobody
/// asked for, and replaying each SKU's ledger never takes available stock below zero.
/// </summary>
public static class FailoverAudit
{
    private const string SelectLedger = """
        select sku, version, kind, quantity, reservation_id, idempotency_key
        from stock_ledger where sku = any($1) order by sku, version
        """;

    /// <returns>Every violation found, in words; empty when the run is clean.</returns>
    public static async Task<IReadOnlyList<string>> RunAsync(IReadOnlyCollection<LoadSample> samples, IReadOnlyCollection<string> skus)
    {
        var violations = new List<string>();
        var ledger = await ReadLedgerAsync(skus);

        foreach (var (sku, events) in ledger)
        {
            violations.AddRange(Replay(sku, events));
        }

        var reserved = ledger.Values.SelectMany(e => e).Where(e => e.Kind == "Reserved").ToDictionary(e => e.ReservationId!);
        var confirmed = ledger.Values.SelectMany(e => e).Where(e => e.Kind == "Confirmed").Select(e => e.ReservationId!).ToHashSet();

        var acknowledged = samples.Where(s => s.Kind == LoadSample.Reserve && s.IsAcknowledged).ToList();
        foreach (var ack in acknowledged)
        {
            if (!reserved.TryGetValue(ack.ReservationId!, out var row))
            {
                violations.Add($"acknowledged reservation {ack.ReservationId} on {ack.Sku} is not in the ledger (lost)");
            }
            else if (row.Sku != ack.Sku || row.Quantity != ack.Quantity || (ack.IdempotencyKey is { } key && row.IdempotencyKey != ReservationOwner.ScopeKey("bootstrap-admin", key)))
            {
                violations.Add($"acknowledged reservation {ack.ReservationId} differs in the ledger: {row}");
            }
        }

        foreach (var ack in samples.Where(s => s.Kind == LoadSample.Confirm && s.Status == 200))
        {
            if (!confirmed.Contains(ack.ReservationId!))
            {
                violations.Add($"acknowledged confirmation of {ack.ReservationId} is not in the ledger (lost)");
            }
        }

        // A reservation in the ledger that no client was told about took stock silently (a retry
        // that reserved twice, say). Only a request that got no clear answer may have left one.
        var acknowledgedIds = acknowledged.Select(a => a.ReservationId!).ToHashSet();
        var unacknowledged = reserved.Keys.Count(id => !acknowledgedIds.Contains(id));
        var unanswered = samples.Count(s => s.Kind == LoadSample.Reserve && !s.IsExpected);
        if (unacknowledged > unanswered)
        {
            violations.Add($"{unacknowledged} reservations in the ledger were never acknowledged, but only {unanswered} requests went unanswered");
        }

        return violations;
    }

    private static IEnumerable<string> Replay(string sku, List<LedgerRow> events)
    {
        long available = 0;
        var pending = new Dictionary<string, long>(StringComparer.Ordinal);
        var expectedVersion = 1L;
        foreach (var e in events)
        {
            if (e.Version != expectedVersion++)
            {
                yield return $"{sku}: ledger version {e.Version} where {expectedVersion - 1} was expected";
            }

            switch (e.Kind)
            {
                case "Created":
                case "Restocked":
                // An adjustment's quantity is its signed delta.
                case "Adjusted":
                    available += e.Quantity;
                    break;
                case "Reserved":
                    available -= e.Quantity;
                    pending.Add(e.ReservationId!, e.Quantity);
                    break;
                case "Confirmed":
                case "Cancelled":
                case "Expired":
                    if (!pending.Remove(e.ReservationId!, out var quantity) || quantity != e.Quantity)
                    {
                        yield return $"{sku}: {e.Kind} of {e.ReservationId} at version {e.Version}, which was not pending with that quantity";
                    }
                    else if (e.Kind != "Confirmed")
                    {
                        available += quantity;
                    }

                    break;
            }

            if (available < 0)
            {
                yield return $"{sku}: oversold, available {available} after version {e.Version}";
            }
        }
    }

    private static async Task<Dictionary<string, List<LedgerRow>>> ReadLedgerAsync(IReadOnlyCollection<string> skus)
    {
        await using var dataSource = NpgsqlDataSource.Create(TestEnvironment.Postgres);
        await using var command = dataSource.CreateCommand(SelectLedger);
        command.Parameters.Add(new() { Value = skus.ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, List<LedgerRow>>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var row = new LedgerRow(
                reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5));
            if (!rows.TryGetValue(row.Sku, out var list))
            {
                rows[row.Sku] = list = [];
            }

            list.Add(row);
        }

        return rows;
    }

    private sealed record LedgerRow(string Sku, long Version, string Kind, long Quantity, string? ReservationId, string? IdempotencyKey);
}

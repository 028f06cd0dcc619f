using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// Stock adjustments (docs/api.md, "Stock adjustments"), always under the stock row's lock whatever the
/// strategy: they are rare next to reservations, and the compare-and-set, the stock rules and the
/// Idempotency-Key are then decided on the row as it is, never retried. The key is stored on the history row
/// the adjustment writes (<c>stock_movements.idempotency_key</c>), so a replay is found after a restart too.
/// </summary>
public sealed class SqlAdjustmentStore(NpgsqlDataSource dataSource)
{
    private static readonly string LockRow = $"select {StockRow.Columns} from sql_stock where sku = $1 for update";

    // Run after the lock in the same batch: an adjustment with the same key that committed while this one
    // waited for the row is seen.
    private const string SelectEarlier = "select request_hash from stock_movements where sku = $1 and idempotency_key = $2";

    private const string Apply = "update sql_stock set available = available + $2, adjusted = adjusted + $2, version = version + 1, updated_at = $3 where id = $1";

    /// <summary>One round trip to lock and decide, one to write (change, history row, outbox rows), one to commit.</summary>
    public async Task<StockReply<ProductView>> AdjustAsync(string sku, StockAdjustment adjustment, DateTime now, CancellationToken cancellationToken)
    {
        var key = adjustment.ScopedIdempotencyKey;
        var fingerprint = adjustment.Fingerprint();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (row, earlier) = await LockAsync(connection, transaction, sku, key, cancellationToken);
        if (Decide(row, earlier, adjustment, fingerprint) is { } answer)
        {
            return answer;
        }

        var product = row!.Product;
        var delta = adjustment.DeltaFrom(product.OnHand);
        if (delta == 0)
        {
            // Only a set can get here (a zero delta is refused): to the current on hand, it changes and records nothing.
            return new StockReply<ProductView> { Value = product };
        }

        var adjusted = RecordedChange.Of(product, HistoryKinds.Adjusted, delta, now, adjustment.Actor, reason: adjustment.Reason);
        var change = adjusted with { IdempotencyKey = key, RequestHash = key is null ? null : fingerprint };
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { SqlBatchCommands.Of(Apply, row.Id, delta, now) } };
        foreach (var record in SqlChangeLog.Commands([change]))
        {
            batch.BatchCommands.Add(record);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StockReply<ProductView> { Value = change.After };
    }

    /// <summary>The answer when the adjustment is refused or replayed; null when it is to be applied.</summary>
    private static StockReply<ProductView>? Decide(StockRow? row, long? earlier, StockAdjustment adjustment, long fingerprint)
    {
        if (row is null)
        {
            return new StockReply<ProductView> { Error = StockError.ProductNotFound };
        }

        var product = row.Product;
        if (earlier is { } hash)
        {
            // A replay answers the product as it is now, even if its compare-and-set no longer holds.
            return hash == fingerprint
                ? new StockReply<ProductView> { Value = product, Replayed = true }
                : new StockReply<ProductView> { Error = StockError.IdempotencyKeyReused };
        }

        var current = adjustment.Mode == AdjustmentMode.Delta ? product.Version : product.OnHand;
        if (adjustment.Expected is { } expected && expected != current)
        {
            return new StockReply<ProductView> { Error = StockError.VersionMismatch, Version = product.Version, OnHand = product.OnHand };
        }

        // A set below reserved would take units that pending reservations hold; so would a delta past available.
        var delta = adjustment.DeltaFrom(product.OnHand);
        return product.Available + delta < 0
            ? new StockReply<ProductView> { Error = StockError.InsufficientStock, Available = product.Available }
            : null;
    }

    private static async Task<(StockRow? Row, long? Earlier)> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sku, string? key, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { SqlBatchCommands.Of(LockRow, sku) } };
        if (key is not null)
        {
            batch.BatchCommands.Add(SqlBatchCommands.Of(SelectEarlier, sku, key));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var row = await reader.ReadAsync(cancellationToken) ? StockRow.Read(reader) : null;
        long? earlier = null;
        if (key is not null && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            earlier = reader.IsDBNull(0) ? null : reader.GetInt64(0);
        }

        return (row, earlier);
    }
}

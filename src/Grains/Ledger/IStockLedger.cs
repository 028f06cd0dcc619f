using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Grains.Ledger;

/// <summary>The durable, append-only history of each SKU, and the grain product's catalog row (its settings).</summary>
public interface IStockLedger
{
    /// <summary>
    /// Makes the caller the SKU's only writer: returns a new epoch, after which appends with any
    /// earlier epoch fail. Taken by each activation before it reads the ledger; an append still in
    /// flight under the old epoch finishes first, so the read that follows sees it.
    /// </summary>
    Task<long> ClaimAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> (versions expectedVersion+1 ..) atomically, if
    /// <paramref name="epoch"/> is still the SKU's (<see cref="ClaimAsync"/>).
    /// A <see cref="LedgerEventKind.Created"/> event also claims the SKU in the product catalog; <paramref name="outbox"/>
    /// (the events' rows for <c>stock_events</c>) is written in the same atomic statement, or not at all.
    /// </summary>
    /// <exception cref="LedgerConflictException">Another writer got there first.</exception>
    /// <exception cref="LedgerFencedException">A newer claim took the SKU: nothing was written.</exception>
    /// <exception cref="ProductAlreadyCatalogedException">The catalog already has the SKU.</exception>
    Task AppendAsync(
        string sku, long epoch, long expectedVersion, IReadOnlyList<LedgerEvent> events, IReadOnlyList<OutboxEvent>? outbox = null, CancellationToken cancellationToken = default);

    /// <summary>Events with a version above <paramref name="afterVersion"/>, oldest first.</summary>
    Task<IReadOnlyList<LedgerEvent>> ReadAfterAsync(string sku, long afterVersion, CancellationToken cancellationToken = default);

    /// <summary>Reservations by id, folded from the ledger; unknown ids are absent.</summary>
    Task<IReadOnlyDictionary<string, StoredReservation>> FindReservationsAsync(string sku, IReadOnlyCollection<string> reservationIds, CancellationToken cancellationToken = default);

    /// <summary>Reservations by Idempotency-Key; unknown keys are absent.</summary>
    Task<IReadOnlyDictionary<string, StoredReservation>> FindByIdempotencyKeysAsync(string sku, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>The product's settings from its catalog row; null when the catalog has no grain product of that SKU.</summary>
    Task<ProductSettings?> ReadSettingsAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>Writes the product's settings (no ledger row, no version), if <paramref name="epoch"/> is still the SKU's.</summary>
    /// <exception cref="LedgerFencedException">A newer claim took the SKU: nothing was written.</exception>
    Task UpdateSettingsAsync(string sku, long epoch, ProductSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Units each user holds (pending plus confirmed), folded from the whole ledger; users holding none are absent.</summary>
    Task<IReadOnlyDictionary<string, long>> ReadHeldAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>The request fingerprint of each adjustment recorded under one of <paramref name="keys"/>; unknown keys are absent.</summary>
    Task<IReadOnlyDictionary<string, long>> FindAdjustmentKeysAsync(string sku, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);
}

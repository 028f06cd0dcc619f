namespace Orleans.Stock.Grains.Ledger;

/// <summary>The durable, append-only history of each SKU.</summary>
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
    /// A <see cref="LedgerEventKind.Created"/> event also claims the SKU in the product catalog.
    /// </summary>
    /// <exception cref="LedgerConflictException">Another writer got there first.</exception>
    /// <exception cref="LedgerFencedException">A newer claim took the SKU: nothing was written.</exception>
    /// <exception cref="ProductAlreadyCatalogedException">The catalog already has the SKU.</exception>
    Task AppendAsync(string sku, long epoch, long expectedVersion, IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Events with a version above <paramref name="afterVersion"/>, oldest first.</summary>
    Task<IReadOnlyList<LedgerEvent>> ReadAfterAsync(string sku, long afterVersion, CancellationToken cancellationToken = default);

    /// <summary>Reservations by id, folded from the ledger; unknown ids are absent.</summary>
    Task<IReadOnlyDictionary<string, StoredReservation>> FindReservationsAsync(string sku, IReadOnlyCollection<string> reservationIds, CancellationToken cancellationToken = default);

    /// <summary>Reservations by Idempotency-Key; unknown keys are absent.</summary>
    Task<IReadOnlyDictionary<string, StoredReservation>> FindByIdempotencyKeysAsync(string sku, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);
}

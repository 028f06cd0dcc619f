using Orleans.Stock.Grains.Ledger;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// A SKU's counters, and the one rule for how each ledger kind moves units between them: committed state,
/// the outbox's "after" figures and an audit replay all fold the same events the same way.
/// </summary>
public readonly record struct StockCounters(long InitialStock, long Available, long Reserved, long Sold, long Restocked, long Adjusted)
{
    public long OnHand => Available + Reserved;

    /// <summary>
    /// What the ledger can never lead to: a negative count, or a break of
    /// <c>initialStock + restocked + adjusted = onHand + sold</c>.
    /// </summary>
    public bool IsConsistent =>
        Available >= 0 && Reserved >= 0 && Sold >= 0 && InitialStock >= 0
        && InitialStock + Restocked + Adjusted == OnHand + Sold;

    public StockCounters After(LedgerEventKind kind, long quantity) => kind switch
    {
        LedgerEventKind.Created => new StockCounters(quantity, quantity, 0, 0, 0, 0),
        LedgerEventKind.Restocked => this with { Available = Available + quantity, Restocked = Restocked + quantity },
        LedgerEventKind.Adjusted => this with { Available = Available + quantity, Adjusted = Adjusted + quantity },
        LedgerEventKind.Reserved => this with { Available = Available - quantity, Reserved = Reserved + quantity },
        LedgerEventKind.Confirmed => this with { Reserved = Reserved - quantity, Sold = Sold + quantity },
        LedgerEventKind.Cancelled or LedgerEventKind.Expired => this with { Reserved = Reserved - quantity, Available = Available + quantity },
        _ => throw new InvalidOperationException($"Unknown ledger event kind {kind}."),
    };
}

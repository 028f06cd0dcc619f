namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// What a ledger row records. Stored as text so the ledger reads as an audit trail; each name, in lower
/// case, is the <see cref="Orleans.Stock.Abstractions.HistoryKinds"/> kind of the history item it is.
/// </summary>
public enum LedgerEventKind
{
    Created,
    Restocked,
    Reserved,
    Confirmed,
    Cancelled,
    Expired,

    /// <summary>On hand changed by the signed delta in <see cref="LedgerEvent.Quantity"/> (an ERP, a cycle count).</summary>
    Adjusted,
}

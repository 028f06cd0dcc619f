namespace Orleans.Stock.Grains.Ledger;

/// <summary>What a ledger row records. Stored as text so the ledger reads as an audit trail.</summary>
public enum LedgerEventKind
{
    Created,
    Restocked,
    Reserved,
    Confirmed,
    Cancelled,
    Expired,
}

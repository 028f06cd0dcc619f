using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// A ledger row as the history item it is (docs/api.md, "History"): the grain engine's history is its
/// ledger. The engine's history read maps stored rows the same way in SQL (GrainLedgerHistory).
/// </summary>
public static class LedgerHistory
{
    public static string KindOf(LedgerEventKind kind) => kind switch
    {
        LedgerEventKind.Created => HistoryKinds.Created,
        LedgerEventKind.Restocked => HistoryKinds.Restocked,
        LedgerEventKind.Adjusted => HistoryKinds.Adjusted,
        LedgerEventKind.Reserved => HistoryKinds.Reserved,
        LedgerEventKind.Confirmed => HistoryKinds.Confirmed,
        LedgerEventKind.Cancelled => HistoryKinds.Cancelled,
        LedgerEventKind.Expired => HistoryKinds.Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown ledger event kind."),
    };

    /// <summary>A reservation's owner is who made it, so its Reserved row's actor is the owner.</summary>
    public static HistoryItem ItemOf(LedgerEvent e) => new(
        e.Version,
        KindOf(e.Kind),
        e.Quantity,
        e.ReservationId,
        e.UserId,
        e.Reason,
        e.Kind == LedgerEventKind.Reserved ? e.Owner : e.Actor,
        e.OccurredAt);
}

namespace Orleans.Stock.Abstractions;

/// <summary>The <c>type</c> of an event (docs/api.md, "Events and webhooks").</summary>
public static class StockEventTypes
{
    public const string ProductCreated = "product.created";
    public const string StockRestocked = "stock.restocked";
    public const string StockAdjusted = "stock.adjusted";
    public const string ReservationCreated = "reservation.created";
    public const string ReservationConfirmed = "reservation.confirmed";
    public const string ReservationCancelled = "reservation.cancelled";
    public const string ReservationExpired = "reservation.expired";
    public const string StockLow = "stock.low";
    public const string StockOut = "stock.out";
    public const string StockBackInStock = "stock.back-in-stock";

    public static readonly IReadOnlyList<string> All =
    [
        ProductCreated, StockRestocked, StockAdjusted, ReservationCreated, ReservationConfirmed,
        ReservationCancelled, ReservationExpired, StockLow, StockOut, StockBackInStock,
    ];

    /// <summary>The event that a history item of <paramref name="kind"/> is.</summary>
    public static string Of(string kind) => kind switch
    {
        HistoryKinds.Created => ProductCreated,
        HistoryKinds.Restocked => StockRestocked,
        HistoryKinds.Adjusted => StockAdjusted,
        HistoryKinds.Reserved => ReservationCreated,
        HistoryKinds.Confirmed => ReservationConfirmed,
        HistoryKinds.Cancelled => ReservationCancelled,
        HistoryKinds.Expired => ReservationExpired,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No event names this history kind."),
    };
}

namespace Orleans.Stock.Bench.Audit;

/// <summary>A reservation's <c>reservation.created</c> as the webhook receiver saw it: for which SKU, how many copies.</summary>
public readonly record struct ReceivedReservation(int Sku, int Copies);

namespace Orleans.Stock.Abstractions;

/// <summary>The life cycle of a reservation: pending until confirmed, cancelled or expired.</summary>
public enum ReservationStatus
{
    Pending,
    Confirmed,
    Cancelled,
    Expired,
}

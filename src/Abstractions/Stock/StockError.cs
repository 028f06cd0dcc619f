namespace Orleans.Stock.Abstractions;

/// <summary>Why a stock operation was refused; each maps to one problem <c>code</c> of docs/api.md.</summary>
public enum StockError
{
    None,
    ProductNotFound,
    ProductExists,
    ReservationNotFound,
    InsufficientStock,
    ReservationNotPending,
    IdempotencyKeyReused,
    LimitExceeded,

    /// <summary>An adjustment's <c>expectedVersion</c> / <c>expectedOnHand</c> did not match: nothing changed.</summary>
    VersionMismatch,
    Unavailable,

    /// <summary>A text value storage must not hold (a control character, say): refused before anything is written.</summary>
    InvalidInput,
}

namespace Orleans.Stock.Carts;

/// <summary>The kinds of <see cref="CartRefusal"/>.</summary>
public enum CartRefusalKind
{
    ProductNotFound,
    InsufficientStock,
    LimitExceeded,
    Unavailable,
    InProgress,
    NotFound,
    NotPending,
    IdempotencyKeyReused,
    UnknownStrategy,
}

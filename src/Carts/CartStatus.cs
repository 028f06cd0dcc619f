namespace Orleans.Stock.Carts;

/// <summary>
/// A cart's durable state (<c>carts.status</c>). Every in-progress state is written before the
/// coordinator acts on it, so whoever takes the cart over knows what is left to do.
/// </summary>
public enum CartStatus
{
    /// <summary>Recorded, lines being reserved; not yet acknowledged.</summary>
    Reserving,

    /// <summary>Every line reserved and the client told so (201).</summary>
    Pending,

    /// <summary>A line was refused and every reserved line released; never acknowledged.</summary>
    Failed,

    /// <summary>A line was refused (or its engine unreachable): reserved lines are being released.</summary>
    Compensating,

    /// <summary>Confirm decided; lines being confirmed.</summary>
    Confirming,

    Confirmed,

    /// <summary>Cancel decided; lines being cancelled.</summary>
    Cancelling,

    Cancelled,
}

/// <summary>The names of <see cref="CartStatus"/> in the <c>carts</c> table.</summary>
public static class CartStatusNames
{
    public static string ToDb(this CartStatus status) => status switch
    {
        CartStatus.Reserving => "reserving",
        CartStatus.Pending => "pending",
        CartStatus.Failed => "failed",
        CartStatus.Compensating => "compensating",
        CartStatus.Confirming => "confirming",
        CartStatus.Confirmed => "confirmed",
        CartStatus.Cancelling => "cancelling",
        CartStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown cart status."),
    };

    public static CartStatus Parse(string name) => Enum.Parse<CartStatus>(name, ignoreCase: true);

    /// <summary>The client was told the cart exists (201) before it reached this state.</summary>
    public static bool IsAcknowledged(this CartStatus status) =>
        status is CartStatus.Pending or CartStatus.Confirming or CartStatus.Confirmed or CartStatus.Cancelling or CartStatus.Cancelled;
}

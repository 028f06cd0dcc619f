namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>One POST to a receiver: delivered (a 2xx in time) or not, and why not.</summary>
public sealed record DeliveryAttempt(bool Delivered, string? Error)
{
    public static readonly DeliveryAttempt Success = new(true, null);

    public static DeliveryAttempt Failure(string error) => new(false, error);
}

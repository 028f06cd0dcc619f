namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>Who holds a webhook's lease: this process, with a token of each claim so no two claims are mistaken for each other.</summary>
public sealed class WebhookInstance
{
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public string NewLeaseOwner() => $"{Id}/{Guid.NewGuid():N}";
}

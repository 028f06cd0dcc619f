namespace Orleans.Stock.Carts;

/// <summary>
/// Who holds a cart's lease. <see cref="Id"/> names this API process; each acquisition gets a
/// token of its own, so the request and the recovery of one process never mistake each other's
/// lease for their own.
/// </summary>
public sealed class CartInstance
{
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public string NewLeaseOwner() => $"{Id}/{Guid.NewGuid():N}";
}

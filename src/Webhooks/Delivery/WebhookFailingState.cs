namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>
/// A webhook's failing state while several SKUs are delivered at once: failing since the first failure
/// while no failing SKU has recovered yet, with the most attempts any failing event has made (so a restart,
/// here or elsewhere, continues the back-off). Clears when the last failing SKU is delivered. Writes are
/// serialised so that the stored state is the last one computed.
/// </summary>
public sealed class WebhookFailingState(WebhookDeliveryStore store, WebhookLease lease, DateTime? since, int attempts) : IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    /// <summary>The attempts recorded so far: a newly failing event's back-off starts from them.</summary>
    public int Attempts { get; private set; } = attempts;

    /// <summary>An attempt at <paramref name="sku"/>'s event failed; false when the fenced write found the lease gone.</summary>
    public async Task<bool> FailedAsync(string sku, DateTime now, int attempts, DateTime nextAttemptAt, string error)
    {
        await _writes.WaitAsync(CancellationToken.None);
        try
        {
            _failing.Add(sku);
            since ??= now;
            Attempts = Math.Max(Attempts, attempts);
            return await store.FailedAsync(lease.WebhookId, lease.Owner, since.Value, Attempts, nextAttemptAt, error, CancellationToken.None);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary><paramref name="sku"/>'s event is done; false when the fenced write found the lease gone.</summary>
    public async Task<bool> ResolvedAsync(string sku)
    {
        await _writes.WaitAsync(CancellationToken.None);
        try
        {
            _failing.Remove(sku);
            if (_failing.Count > 0 || since is null)
            {
                return true;
            }

            since = null;
            Attempts = 0;
            return await store.RecoveredAsync(lease.WebhookId, lease.Owner, CancellationToken.None);
        }
        finally
        {
            _writes.Release();
        }
    }

    public void Dispose() => _writes.Dispose();
}

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// The Idempotency-Keys of the last few thousand adjustments this activation applied, with their body's
/// fingerprint, so that a client retrying one is answered without a ledger read. Oldest keys go first;
/// the ledger's unique key index still answers for them.
/// </summary>
public sealed class RecentAdjustmentKeys(int capacity)
{
    private readonly Dictionary<string, long> _hashByKey = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(string key, long requestHash)
    {
        if (!_hashByKey.TryAdd(key, requestHash))
        {
            return;
        }

        _order.Enqueue(key);
        while (_order.Count > capacity)
        {
            _hashByKey.Remove(_order.Dequeue());
        }
    }

    /// <summary>The fingerprint stored with <paramref name="key"/>, if this activation remembers it.</summary>
    public long? Find(string key) => _hashByKey.TryGetValue(key, out var hash) ? hash : null;
}

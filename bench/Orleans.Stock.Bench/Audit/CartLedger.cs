using System.Collections.Concurrent;

namespace Orleans.Stock.Bench.Audit;

/// <summary>Every cart session of a run (warm-up included), for <see cref="CartAuditor"/> to read back.</summary>
public sealed class CartLedger
{
    private readonly ConcurrentQueue<CartSession> _sessions = new();

    public void Add(CartSession session) => _sessions.Enqueue(session);

    public IReadOnlyList<CartSession> Sessions => [.. _sessions];
}

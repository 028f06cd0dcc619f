using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// Reservation requests per SKU, for the busiest-SKU table. Counts live for one window and the
/// table ranks over the current and the previous one, so a SKU that went quiet drops out within
/// two windows. Each window holds at most <see cref="DashboardOptions.MaxTrackedSkus"/> SKUs: a
/// request for a SKU beyond that is not counted until the next window (a crawler walking the
/// catalogue cannot grow memory without bound).
/// </summary>
public sealed class SkuActivity(IOptionsMonitor<DashboardOptions> options, TimeProvider time)
{
    private volatile Window _current = new(time.GetTimestamp());
    private volatile Window _previous = new(time.GetTimestamp());

    public void Record(string sku, string engine)
    {
        var window = _current;
        if (!window.Counts.TryGetValue(sku, out var entry))
        {
            if (Interlocked.Increment(ref window.Size) > options.CurrentValue.MaxTrackedSkus)
            {
                return;
            }

            entry = window.Counts.GetOrAdd(sku, static (_, e) => new Entry(e), engine);
        }

        Interlocked.Increment(ref entry.Requests);
    }

    /// <summary>Starts a new window; the one that ends becomes the previous one.</summary>
    public void Rotate()
    {
        _previous = _current;
        _current = new Window(time.GetTimestamp());
    }

    /// <summary>The <paramref name="count"/> SKUs with the most requests per second over the last two windows.</summary>
    public IReadOnlyList<(string Sku, string Engine, double PerSecond)> Busiest(int count)
    {
        var seconds = Math.Max(time.GetElapsedTime(_previous.Started).TotalSeconds, 1);
        var totals = new Dictionary<string, (string Engine, long Requests)>(StringComparer.Ordinal);
        foreach (var window in (Window[])[_previous, _current])
        {
            foreach (var (sku, entry) in window.Counts)
            {
                var requests = Interlocked.Read(ref entry.Requests);
                totals[sku] = totals.TryGetValue(sku, out var seen) ? (entry.Engine, seen.Requests + requests) : (entry.Engine, requests);
            }
        }

        return [.. totals
            .OrderByDescending(p => p.Value.Requests)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(p => (p.Key, p.Value.Engine, p.Value.Requests / seconds))];
    }

    private sealed class Window(long started)
    {
        public readonly long Started = started;
        public readonly ConcurrentDictionary<string, Entry> Counts = new(StringComparer.Ordinal);
        public int Size;
    }

    private sealed class Entry(string engine)
    {
        public readonly string Engine = engine;
        public long Requests;
    }
}

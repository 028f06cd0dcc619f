using System.Collections;
using System.Diagnostics;

namespace Orleans.Stock.Tests.Tracing;

/// <summary>
/// What an in-memory exporter collects, safe to read while it exports, and awaitable: a span ends
/// (the HTTP server span after the response is written) on its own schedule, so a test waits for the
/// spans it expects instead of guessing a delay.
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _spans = [];
    private readonly List<(Func<IReadOnlyList<Activity>, bool> Until, TaskCompletionSource Done)> _waiters = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    /// <summary>
    /// Completes once <paramref name="until"/> holds of the spans exported so far; after
    /// <paramref name="timeout"/> fails, listing what was exported.
    /// </summary>
    public async Task WaitForAsync(Func<IReadOnlyList<Activity>, bool> until, TimeSpan timeout)
    {
        try
        {
            await WaitOrThrowAsync(until, timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Not exported within {timeout}; exported:\n{Spans.Describe(Snapshot())}");
        }
    }

    private async Task WaitOrThrowAsync(Func<IReadOnlyList<Activity>, bool> until, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (until(_spans))
            {
                return;
            }

            _waiters.Add((until, done));
        }

        await done.Task.WaitAsync(timeout);
    }

    public void Add(Activity item)
    {
        lock (_gate)
        {
            _spans.Add(item);
            foreach (var waiter in _waiters.Where(w => w.Until(_spans)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_gate)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_gate)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_gate)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

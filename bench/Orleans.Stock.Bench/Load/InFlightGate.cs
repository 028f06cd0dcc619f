using System.Diagnostics;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// Counts sessions in flight and refuses new ones beyond the cap. Refusing rather than waiting is what
/// keeps the open model open: a scheduled request is never delayed by the client, it either goes on
/// time or is counted as <c>client-overload</c>.
/// </summary>
public sealed class InFlightGate(int limit)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _count);

    /// <summary>Waits until nothing is in flight; false if <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WhenIdleAsync(TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        while (Count > 0)
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}

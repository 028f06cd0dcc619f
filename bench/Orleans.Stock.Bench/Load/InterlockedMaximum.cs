namespace Orleans.Stock.Bench.Load;

/// <summary>Raises a shared value to a new maximum from any thread, without a lock.</summary>
public static class InterlockedMaximum
{
    public static void Raise(ref long target, long candidate)
    {
        var seen = Interlocked.Read(ref target);
        while (candidate > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, candidate, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}

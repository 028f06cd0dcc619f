using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// What successful reservations said about themselves: <c>attempts</c> (1 = no conflict) and the
/// <c>strategy</c> that finally served them. A second view of the conflict rate, independent of the
/// server's metrics, and the count of optimistic-to-pessimistic fallbacks.
/// </summary>
public sealed class ClientConflictTally
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _strategies = new(StringComparer.Ordinal);
    private long _reservations;
    private long _attempts;

    public void Add(in ReserveResult result)
    {
        if (!result.Outcome.IsSuccess || result.Attempts is not { } attempts)
        {
            return;
        }

        Interlocked.Increment(ref _reservations);
        Interlocked.Add(ref _attempts, attempts);
        if (result.Strategy is { } strategy)
        {
            Interlocked.Increment(ref _strategies.GetOrAdd(strategy, static _ => new StrongBox<long>()).Value);
        }
    }

    public ClientConflicts Snapshot()
    {
        var reservations = Interlocked.Read(ref _reservations);
        var attempts = Interlocked.Read(ref _attempts);
        return new ClientConflicts(
            reservations,
            attempts,
            // Every attempt beyond the first of a reservation was a conflict.
            attempts == 0 ? null : (double)(attempts - reservations) / attempts,
            _strategies.ToDictionary(entry => entry.Key, entry => Interlocked.Read(ref entry.Value.Value), StringComparer.Ordinal));
    }
}

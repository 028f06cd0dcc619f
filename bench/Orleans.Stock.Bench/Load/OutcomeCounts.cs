using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Load;

/// <summary>Requests by operation and ending (status and problem code, or client-side failure).</summary>
public sealed class OutcomeCounts
{
    // A box per key, so counting after the first occurrence is one interlocked increment and no allocation.
    private readonly ConcurrentDictionary<(Operation Operation, ApiOutcome Outcome), StrongBox<long>> _counts = new();

    public void Add(Operation operation, ApiOutcome outcome) =>
        Interlocked.Increment(ref _counts.GetOrAdd((operation, outcome), static _ => new StrongBox<long>()).Value);

    public IReadOnlyList<OutcomeCount> Snapshot() =>
        _counts
            .Select(entry => new OutcomeCount(
                entry.Key.Operation.ToString().ToLowerInvariant(),
                entry.Key.Outcome.Label,
                Interlocked.Read(ref entry.Value.Value),
                entry.Key.Outcome.IsError))
            .OrderBy(count => count.Operation switch { "reserve" => 0, "confirm" => 1, _ => 2 })
            .ThenBy(count => count.Outcome, StringComparer.Ordinal)
            .ToList();
}

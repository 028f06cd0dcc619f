using System.Collections.Concurrent;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Audit;

/// <summary>
/// Reads every acknowledged cart back after the load: it must hold exactly the lines sent, and its
/// status must be what its follow-up made it, on every line alike (no cart half-reserved, half-sold or
/// half-released). A refused cart has no id to read (docs/api.md forgets it with its key); its answer must
/// name one of its lines, and that it holds nothing is what the per-SKU audit proves: the counters
/// equal the acknowledged carts' lines, so no refused cart's line can hold a unit.
/// </summary>
public sealed class CartAuditor(StockApiClient api)
{
    public const int ListedViolations = 50;
    public const string Rule =
        "acknowledged: read back with the lines sent, every line in the cart's status, the status its follow-up set; refused: names one of its lines";

    private const int Concurrency = 16;

    public async Task<CartAuditResult> AuditAsync(IReadOnlyList<CartSession> sessions, bool expiryPossible)
    {
        var violations = new ConcurrentQueue<string>();
        var acknowledged = sessions.Where(s => s.Reserve.IsSuccess).ToList();
        var refused = sessions.Where(s => !s.Reserve.IsSuccess && !s.Reserve.EffectUnknown && s.Reserve.Kind == OutcomeKind.Http).ToList();
        var read = 0;

        foreach (var cart in refused.Where(c => c.Reserve.Status is 404 or 409 && !c.Lines.Any(l => l.Sku == c.FailedSku)))
        {
            violations.Enqueue($"a cart refused with {cart.Reserve.Label} names '{cart.FailedSku}', none of its lines");
        }

        await Parallel.ForEachAsync(
            acknowledged,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (session, _) =>
            {
                foreach (var violation in await CheckAsync(session, expiryPossible))
                {
                    violations.Enqueue(violation);
                }

                Interlocked.Increment(ref read);
            });

        return new CartAuditResult(
            violations.IsEmpty,
            Rule,
            sessions.Count,
            acknowledged.Count,
            refused.Count,
            sessions.Count(s => s.Reserve.EffectUnknown),
            read,
            violations.Count,
            [.. violations.Take(ListedViolations)]);
    }

    private async Task<IReadOnlyList<string>> CheckAsync(CartSession session, bool expiryPossible)
    {
        var id = session.CartId;
        if (id is null)
        {
            return ["an acknowledged cart's answer carried no cartId"];
        }

        var (outcome, cart) = await api.GetCartAsync(id);
        if (cart?.Lines is not { } lines)
        {
            return [$"cart {id}: could not read it back ({outcome.Label})"];
        }

        var problems = new List<string>();
        if (!lines.Select(l => (l.Sku, l.Quantity)).SequenceEqual(session.Lines.Select(l => ((string?)l.Sku, l.Quantity))))
        {
            problems.Add($"cart {id}: lines read back differ from the lines sent");
        }

        var allowed = AllowedStatuses(session, expiryPossible);
        if (cart.Status is null || !allowed.Contains(cart.Status))
        {
            problems.Add($"cart {id}: status '{cart.Status}' after {Describe(session)}, expected {string.Join(" or ", allowed)}");
        }

        // An expired cart's lines expire at or after the cart, so for a moment a line may still read pending.
        var lineAllowed = cart.Status == "expired" ? ["expired", "pending"] : new[] { cart.Status };
        foreach (var line in lines.Where(l => !lineAllowed.Contains(l.Status)))
        {
            problems.Add($"cart {id} is {cart.Status} but its line {line.Sku} is {line.Status}: half-done");
        }

        return problems;
    }

    private static string[] AllowedStatuses(CartSession session, bool expiryPossible)
    {
        string[] untouched = expiryPossible ? ["pending", "expired"] : ["pending"];
        return session.FollowUpOutcome switch
        {
            null => untouched,
            { IsSuccess: true } => [session.FollowUp == FollowUp.Confirm ? "confirmed" : "cancelled"],
            { EffectUnknown: true } => [.. untouched, "confirmed", "cancelled"],
            // Refused (409): only a cart that expired before the follow-up arrived.
            _ => ["expired"],
        };
    }

    private static string Describe(CartSession session) => session.FollowUpOutcome is { } outcome
        ? $"{session.FollowUp.ToString().ToLowerInvariant()} answered {outcome.Label}"
        : "no follow-up";
}

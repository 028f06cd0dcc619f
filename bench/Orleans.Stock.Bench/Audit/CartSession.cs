using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Api.Contracts;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Audit;

/// <summary>
/// What one client did with one cart and was told: the lines it sent, the reserve's outcome (with the
/// cart's id when reserved, the failing line's SKU when refused) and the follow-up, if any.
/// </summary>
public sealed record CartSession(
    IReadOnlyList<CartLineRequest> Lines,
    ApiOutcome Reserve,
    string? CartId,
    string? FailedSku,
    FollowUp FollowUp,
    ApiOutcome? FollowUpOutcome);

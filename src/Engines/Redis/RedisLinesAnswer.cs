using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The answer of <see cref="Scripts.ReserveLinesScript"/>: every line taken or replayed
/// (<see cref="Lines"/>, in input order), or nothing written and the first line that failed
/// (<see cref="FailedIndex"/> with its <see cref="Failure"/>: a refusal, or a product Redis lacks).
/// </summary>
public sealed record RedisLinesAnswer
{
    /// <summary>
    /// One answer per line when all went through; a replay whose reservation Redis no longer keeps
    /// is <see cref="RedisLookup.ReservationMissing"/>, and PostgreSQL answers for it.
    /// </summary>
    public IReadOnlyList<RedisAnswer<ReservationView>>? Lines { get; init; }

    public int FailedIndex { get; init; } = -1;

    public RedisAnswer<ReservationView> Failure { get; init; }

    public bool IsSuccess => Lines is not null;
}

using Microsoft.Extensions.Options;

namespace Orleans.Stock.Engines.Sql;

/// <summary>Which strategy serves a request: the header if given, else the A/B split, else the default.</summary>
public sealed class SqlStrategySelector(IOptionsMonitor<SqlEngineOptions> options)
{
    public SqlStrategy Select(string? requested, string userId)
    {
        if (requested is not null)
        {
            return Enum.Parse<SqlStrategy>(requested, ignoreCase: true);
        }

        var current = options.CurrentValue;
        return current.OptimisticSharePercent is { } share
            ? StableBucket.IsWithin(userId, share) ? SqlStrategy.Optimistic : SqlStrategy.Pessimistic
            : current.DefaultStrategy;
    }
}

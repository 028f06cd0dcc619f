using Microsoft.Extensions.Options;

namespace Orleans.Stock.Engines;

/// <summary>
/// <see cref="StockEngineOptions"/> may only name engines this instance serves (the redis engine
/// exists only with a Redis connection string): a setting that names another fails start-up, and a
/// reload that does is refused by <see cref="LastValidOptionsMonitor{TOptions}"/>, never a 500 per request.
/// </summary>
public sealed class StockEngineOptionsValidator(IServiceProvider services) : IValidateOptions<StockEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, StockEngineOptions options)
    {
        // Resolved here, not injected: the engines are built once, on first validation (at start).
        var engines = services.GetRequiredService<StockEngines>().Names;
        var failures = new List<string>();
        if (options.DefaultEngine is { } defaultEngine && !engines.Contains(defaultEngine))
        {
            failures.Add($"Stock:DefaultEngine names '{defaultEngine}', which this instance does not serve (it serves: {string.Join(", ", engines)}).");
        }

        if (options.Rollout?.Engine is { } rollout && !engines.Contains(rollout))
        {
            failures.Add($"Stock:Rollout:Engine names '{rollout}', which this instance does not serve (it serves: {string.Join(", ", engines)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

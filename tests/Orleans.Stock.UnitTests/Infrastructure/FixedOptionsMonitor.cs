using Microsoft.Extensions.Options;

namespace Orleans.Stock.UnitTests.Infrastructure;

/// <summary>An options monitor whose value a unit test sets directly.</summary>
public sealed class FixedOptionsMonitor<TOptions>(TOptions value) : IOptionsMonitor<TOptions>
{
    public TOptions CurrentValue { get; set; } = value;

    public TOptions Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<TOptions, string?> listener) => null;
}

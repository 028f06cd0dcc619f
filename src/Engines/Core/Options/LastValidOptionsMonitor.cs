using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Orleans.Stock.Engines;

/// <summary>
/// An <see cref="IOptionsMonitor{TOptions}"/> for settings an operator edits while the service runs
/// (the strategy switch, the A/B share, the rollout). It differs from the framework's monitor in one
/// way: a reload that fails validation does not take effect. The framework's monitor would drop its
/// cached value and throw <see cref="OptionsValidationException"/> from every later read, turning a
/// typo in a config file into failed requests; this one logs the refusal and keeps serving the last
/// valid value until the file is fixed.
/// </summary>
public sealed partial class LastValidOptionsMonitor<TOptions> : IOptionsMonitor<TOptions>, IDisposable
    where TOptions : class
{
    private readonly IOptionsFactory<TOptions> _factory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TOptions> _values = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private event Action<TOptions, string?>? Changed;

    public LastValidOptionsMonitor(
        IOptionsFactory<TOptions> factory,
        IEnumerable<IOptionsChangeTokenSource<TOptions>> sources,
        ILogger<LastValidOptionsMonitor<TOptions>> logger)
    {
        _factory = factory;
        _logger = logger;
        foreach (var source in sources)
        {
            _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, Reload, source.Name ?? Options.DefaultName));
        }
    }

    public TOptions CurrentValue => Get(Options.DefaultName);

    /// <summary>The value of <paramref name="name"/>; the first read validates (and throws, which fails start-up).</summary>
    public TOptions Get(string? name) => _values.GetOrAdd(name ?? Options.DefaultName, static (n, factory) => factory.Create(n), _factory);

    public IDisposable? OnChange(Action<TOptions, string?> listener)
    {
        Changed += listener;
        return new Subscription(this, listener);
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void Reload(string name)
    {
        TOptions fresh;
        try
        {
            fresh = _factory.Create(name);
        }
        catch (OptionsValidationException ex)
        {
            LogRefused(typeof(TOptions).Name, ex.Message);
            return;
        }

        _values[name] = fresh;
        LogApplied(typeof(TOptions).Name);
        Changed?.Invoke(fresh, name);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloaded {Options} are not valid and were NOT applied; the previous settings stay in force: {Failures}")]
    private partial void LogRefused(string options, string failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded {Options} applied.")]
    private partial void LogApplied(string options);

    private sealed class Subscription(LastValidOptionsMonitor<TOptions> owner, Action<TOptions, string?> listener) : IDisposable
    {
        public void Dispose() => owner.Changed -= listener;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Stock.Events;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.Stock.Webhooks;

namespace Orleans.Stock.Tests.Events;

/// <summary>
/// One API instance's events side without the rest of the API: the stamper, retention and the webhook
/// dispatcher over the test database, with fast timings. Several of them are several instances.
/// </summary>
public sealed class EventsHost : IAsyncDisposable
{
    /// <summary>Timings that keep the tests short; each test may override them.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastSettings = new Dictionary<string, string?>
    {
        ["Stock:Events:StampInterval"] = "00:00:00.020",
        ["Stock:Events:RetentionInterval"] = "1.00:00:00",
        ["Stock:Webhooks:PollInterval"] = "00:00:00.050",
        ["Stock:Webhooks:LeaseDuration"] = "00:00:02",
        ["Stock:Webhooks:RetryBaseDelay"] = "00:00:00.100",
        ["Stock:Webhooks:MaxRetryDelay"] = "00:00:01",
        ["Stock:Webhooks:DeliveryTimeout"] = "00:00:02",
    };

    private readonly IHost _host;
    private bool _stopped;

    private EventsHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <param name="connectionString">The database (default: the one every test shares).</param>
    public static async Task<EventsHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? connectionString = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(FastSettings);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddNpgsqlDataSource(connectionString ?? TestEnvironment.Postgres);
        builder.AddStockEvents();
        builder.AddStockWebhooks();
        var host = builder.Build();
        await host.StartAsync();
        return new EventsHost(host);
    }

    /// <summary>Stops the instance as a shutdown does: deliveries in flight are cancelled, leases released.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _host.StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}

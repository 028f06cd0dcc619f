using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Orleans.Stock.Silo.Health;

/// <summary>
/// Serves <c>/health/live</c> (the process answers) and <c>/health/ready</c> (the silo is an active member and
/// PostgreSQL answers) on <c>Silo:HealthAddress:HealthPort</c>. A small Kestrel app of its own, so the silo
/// stays a generic host and opens no HTTP port unless asked; the checks are the silo's own.
/// </summary>
public sealed class SiloHealthServer(IOptions<SiloHostOptions> options, HealthCheckService checks) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var host = options.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(host.HealthAddress), host.HealthPort));
        builder.Services.AddSingleton(checks);
        _app = builder.Build();
        _app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        _app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        await _app.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Stock.Gateway;
using Orleans.Stock.Gateway.Health;
using Orleans.Stock.Gateway.Proxy;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
builder.Services.AddReverseProxy().LoadFromMemory(ApiClusterConfig.Routes, ApiClusterConfig.Clusters(gateway));
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddCheck<DestinationsHealthCheck>("destinations", tags: ["ready"]);

var app = builder.Build();
// The gateway's own probes, under a prefix of their own: /health/* is forwarded to the instances like every other path.
app.MapHealthChecks("/gateway/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/gateway/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapReverseProxy(proxy =>
{
    proxy.Use(ProxyFailureProblems.TranslateAsync);
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

await app.RunAsync();

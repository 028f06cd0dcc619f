namespace Orleans.Stock.Silo.Health;

/// <summary>The silo's health checks, served over HTTP when <c>Silo:HealthPort</c> is set.</summary>
public static class SiloHealthExtensions
{
    /// <summary>
    /// Call before <c>UseOrleans</c>: hosted services start in order, and the liveness probe must answer
    /// while the silo is still joining (a slow join would otherwise get the pod killed).
    /// </summary>
    public static IHostApplicationBuilder AddStockSiloHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>("membership", tags: ["ready"])
            .AddNpgSql(tags: ["ready"]);
        var port = builder.Configuration.GetSection(SiloHostOptions.Section).GetValue<int>(nameof(SiloHostOptions.HealthPort));
        if (port > 0)
        {
            builder.Services.AddHostedService<SiloHealthServer>();
        }

        return builder;
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>Configuration that names an engine this instance lacks fails at start-up, not as a 500 per request.</summary>
public sealed class EngineConfigStartupTests
{
    [Theory]
    [InlineData("Stock:DefaultEngine")]
    [InlineData("Stock:Rollout:Engine")]
    public void Naming_the_redis_engine_without_a_redis_fails_at_start(string setting)
    {
        using var factory = new NoRedisApi(new Dictionary<string, string?> { [setting] = "redis", ["Stock:Rollout:Percent"] = "10" });

        var thrown = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains(setting, Flatten(thrown), StringComparison.Ordinal);
    }

    private static string Flatten(Exception ex) => ex switch
    {
        AggregateException aggregate => string.Join(" | ", aggregate.InnerExceptions.Select(Flatten)),
        _ => ex.Message + (ex.InnerException is { } inner ? " | " + Flatten(inner) : ""),
    };

    /// <summary>The API with PostgreSQL and no Redis at all: only the grain and sql engines exist.</summary>
    private sealed class NoRedisApi(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Stock", TestEnvironment.Postgres);
            builder.UseSetting("ConnectionStrings:Redis", "");
            builder.UseSetting("ConnectionStrings:RedisEngine", "");
            builder.UseSetting("Orleans:GatewayPorts:0", "1");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

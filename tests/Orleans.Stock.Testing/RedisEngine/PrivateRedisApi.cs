using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>An API host whose redis engine uses a private Redis and the schema that belongs to it.</summary>
public static class PrivateRedisApi
{
    public static WebApplicationFactory<Program> Start(ApiFactory baseFactory, RedisServerProcess redis, IsolatedSchema schema) =>
        baseFactory.WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Stock", schema.ConnectionString)
            .UseSetting("ConnectionStrings:RedisEngine", redis.ConnectionString));
}

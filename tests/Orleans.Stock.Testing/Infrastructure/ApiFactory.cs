using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// The real API host, with its Orleans client pointed at a TestCluster's gateways; optional
/// <paramref name="settings"/> are applied as early as the connection strings.
/// </summary>
public class ApiFactory(TestCluster cluster, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Stock", TestEnvironment.Postgres);
        if (TestEnvironment.Redis is { } redis)
        {
            builder.UseSetting("ConnectionStrings:RedisEngine", redis);
        }

        foreach (var (key, value) in TestEnvironment.KeySettings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Orleans:ClusterId", cluster.Options.ClusterId);
        builder.UseSetting("Orleans:ServiceId", cluster.Options.ServiceId);
        var gateways = cluster.Silos.Select(s => s.GatewayAddress.Endpoint.Port).ToArray();
        for (var i = 0; i < gateways.Length; i++)
        {
            builder.UseSetting($"Orleans:GatewayPorts:{i}", gateways[i].ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Every client speaks as the admin unless a test says otherwise (see AccessTests).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.AdminKey);
    }
}

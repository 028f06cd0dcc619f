using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>The API host of the dashboard tests: a live settings file and a log the tests can read.</summary>
public sealed class DashboardApiFactory(TestCluster cluster, IReadOnlyDictionary<string, string?> settings) : ApiFactory(cluster, settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddFakeLogging());
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Stock.Silo;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>The silo's failover settings, as the real host builds them (built, not started).</summary>
public sealed class SiloSettingsTests
{
    [Fact]
    public void Failure_detection_is_tuned_for_a_small_cluster_and_each_value_can_be_overridden()
    {
        using var host = BuildSilo(new() { ["Silo:Membership:NumMissedProbesLimit"] = "4" });
        var membership = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(1), membership.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), membership.MaxProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.DeathVoteExpirationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), membership.TableRefreshTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), membership.IAmAliveTablePublishTimeout);
        Assert.Equal(2, membership.NumVotesForDeathDeclaration);
        Assert.Equal(4, membership.NumMissedProbesLimit);
    }

    [Fact]
    public void Sigterm_gives_the_silo_its_configured_time_to_drain()
    {
        using var defaults = BuildSilo([]);
        using var configured = BuildSilo(new() { ["Silo:ShutdownTimeout"] = "00:00:45" });

        Assert.Equal(TimeSpan.FromSeconds(30), defaults.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), configured.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task Ledger_sessions_may_not_sit_in_an_open_transaction_for_long()
    {
        using var host = BuildSilo([]);
        await using var connection = await host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var show = new NpgsqlCommand("show idle_in_transaction_session_timeout", connection);

        Assert.Equal("5s", await show.ExecuteScalarAsync());
    }

    [Fact]
    public void A_limit_already_in_the_connection_string_is_kept()
    {
        var connectionString = "Host=db;Options=-c idle_in_transaction_session_timeout=1000";

        Assert.Equal(connectionString, SiloPostgresSessions.WithIdleInTransactionLimit(connectionString, TimeSpan.FromSeconds(5)));
        Assert.Contains("-c statement_timeout=9 -c idle_in_transaction_session_timeout=5000",
            SiloPostgresSessions.WithIdleInTransactionLimit("Host=db;Options=-c statement_timeout=9", TimeSpan.FromSeconds(5)));
    }

    private static IHost BuildSilo(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:Stock"] = TestEnvironment.Postgres;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.AddStockSilo(configuration));
        return builder.Build();
    }
}

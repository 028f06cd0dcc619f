using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using Orleans.Stock.Transport;
using Orleans.Storage;
using StackExchange.Redis;

namespace Orleans.Stock.Silo;

/// <summary>Everything a stock silo needs, shared by the host and by the TestingHost silos.</summary>
public static class StockSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, as the Orleans providers expect it.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Clustering, failure detection, storage, reminders and the stock grains' services. Clustering
    /// is Redis when <c>ConnectionStrings:Redis</c> is set (endpoints from <see cref="SiloHostOptions"/>,
    /// or the pod's under Kubernetes), localhost otherwise.
    /// </summary>
    public static ISiloBuilder AddStockSilo(this ISiloBuilder silo, IConfiguration configuration, bool configureClustering = true)
    {
        var host = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var postgres = SiloPostgresSessions.WithIdleInTransactionLimit(
            configuration.GetConnectionString("Stock") ?? throw new InvalidOperationException("ConnectionStrings:Stock (PostgreSQL) is required."),
            host.IdleInTransactionTimeout);

        if (configureClustering)
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = host.ClusterId;
                o.ServiceId = host.ServiceId;
            });
            if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                silo.Configure<EndpointOptions>(o => SiloEndpoints.Apply(o, host));
                if (host.Kubernetes)
                {
                    // After ours, so that the pod's name, IP and labels win over the configured ones.
                    silo.UseKubernetesHosting();
                }
            }
            else
            {
                silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort);
            }
        }

        // Mutual TLS between silos and on the gateway, when configured (Silo:Tls).
        silo.UseClusterTls(configuration.GetSection(ClusterTlsOptions.SiloSection).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions());

        // The Orleans dashboard's silo half: its grains collect silo and grain-call statistics; the
        // UI itself is served by the API (MapOrleansDashboard), behind the same admin rule as /dashboard.
        silo.AddDashboard();

        silo.AddAdoNetGrainStorage(StockStorage.ProviderName, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = postgres;
                // Snapshots hold every pending reservation: Orleans' binary codec keeps them compact and fast.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = postgres;
        });

        var services = silo.Services;
        // Fast failure detection in every silo, whatever the membership table (Redis, TestingHost).
        services.AddOptions<ClusterMembershipOptions>()
            .Configure(SiloMembershipDefaults.Apply)
            .Bind(configuration.GetSection(SiloMembershipDefaults.Section));
        services.AddOptions<SiloHostOptions>().Bind(configuration.GetSection(SiloHostOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloHostOptions>, SiloHostOptionsValidator>();
        // SIGTERM stops the host, and Orleans drains the silo inside that stop: give it the time it needs.
        services.AddOptions<HostOptions>().Configure<IOptions<SiloHostOptions>>((hostOptions, siloHost) => hostOptions.ShutdownTimeout = siloHost.Value.ShutdownTimeout);
        services.AddOptions<StockGrainOptions>().Bind(configuration.GetSection(StockGrainOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddNpgsqlDataSource(postgres);
        services.AddSingleton<IStockLedger, PostgresStockLedger>();
        services.AddSingleton<StockGrainMetrics>();
        services.AddSingleton<FinishedReservations>();
        services.AddHostedService<WriteRatesPublisher>();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        return silo;
    }
}

using Microsoft.Extensions.Configuration;
using Orleans.Stock.Silo;
using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>TestingHost silos configured exactly as the real host, on the real PostgreSQL.</summary>
public sealed class StockSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Stock"] = TestEnvironment.Postgres,
                // Short enough that a test can watch the reminder wake a deactivated grain.
                ["Stock:Grain:ExpiryReminderPeriod"] = "00:00:02",
                // Small, so that activation from a snapshot plus a ledger tail is what the tests exercise.
                ["Stock:Grain:SnapshotEvery"] = "64",
                // No finished reservation kept in memory: whichever silo a SKU reactivates on, a repeated
                // confirm, cancel, read or replay is answered by the ledger, as after an eviction. The
                // cache's own answers: FinishedReservationsTests and FinishedReservationEvictionTests.
                ["Stock:Grain:FinishedCapacity"] = "0",
            })
            .Build();
        siloBuilder.AddStockSilo(configuration, configureClustering: false);
        siloBuilder.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
    }
}

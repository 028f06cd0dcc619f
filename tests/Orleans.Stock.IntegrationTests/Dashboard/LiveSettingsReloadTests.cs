using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>
/// Rollback without a restart: the strategy settings come through IOptionsMonitor from the live
/// settings file, a change applies within seconds, and a change that fails validation is refused.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class LiveSettingsReloadTests(DashboardFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Editing_the_settings_file_switches_the_strategy_within_seconds_and_an_invalid_edit_is_refused()
    {
        var api = new StockApiClient(fixture.Client);
        var sku = TestEnvironment.NewSku("RL");
        await api.CreateProductAsync(sku, 1_000_000, "sql");
        Assert.Equal("pessimistic", await StrategyOfNextReservationAsync(api, sku, "user-1"));

        try
        {
            // The guide's USE_OPTIMISTIC_LOCKING switch, flipped in the file.
            var clock = Stopwatch.StartNew();
            fixture.Settings.Write(new { Sql = new { DefaultStrategy = "Optimistic", ConflictWarningThreshold = 0.15 } });
            await EventuallyAsync(async () => await StrategyOfNextReservationAsync(api, sku, "user-1") == "optimistic");
            Assert.True(clock.Elapsed < Within, $"the switch took {clock.Elapsed}");
            await EventuallyAsync(async () => (await SettingsAsync()).GetProperty("defaultStrategy").GetString() == "optimistic");

            // A typo (MaxRetries outside 0..20) is logged and ignored: the last valid settings stay.
            var logsBefore = fixture.Logs.GetSnapshot().Count;
            fixture.Settings.Write(new { Sql = new { DefaultStrategy = "Pessimistic", MaxRetries = 999 } });
            await EventuallyAsync(() => Task.FromResult(fixture.Logs.GetSnapshot().Skip(logsBefore)
                .Any(r => r.Message.Contains("NOT applied", StringComparison.Ordinal) && r.Message.Contains("MaxRetries", StringComparison.Ordinal))));
            Assert.Equal("optimistic", await StrategyOfNextReservationAsync(api, sku, "user-1"));
            Assert.Equal(3, (await SettingsAsync()).GetProperty("maxRetries").GetInt32());

            // The A/B split: on for every user, then off again, each by an edit of the file.
            fixture.Settings.Write(new { Sql = new { DefaultStrategy = "Pessimistic", OptimisticSharePercent = 100 } });
            await EventuallyAsync(async () => (await SettingsAsync()).GetProperty("optimisticSharePercent").ValueKind == JsonValueKind.Number);
            Assert.Equal("optimistic", await StrategyOfNextReservationAsync(api, sku, "user-2"));
            fixture.Settings.Write(new { Sql = new { DefaultStrategy = "Pessimistic" } });
            await EventuallyAsync(async () => await StrategyOfNextReservationAsync(api, sku, "user-2") == "pessimistic");
            await EventuallyAsync(async () => (await SettingsAsync()).GetProperty("optimisticSharePercent").ValueKind == JsonValueKind.Null);
        }
        finally
        {
            fixture.Settings.Write(new { Sql = new { ConflictWarningThreshold = 0.15 } });
        }
    }

    private static async Task<string> StrategyOfNextReservationAsync(StockApiClient api, string sku, string userId)
    {
        using var response = await api.ReserveAsync(sku, 1, userId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.GetValues("X-Stock-Strategy").Single();
    }

    private async Task<JsonElement> SettingsAsync()
    {
        using var snapshot = JsonDocument.Parse(await fixture.Client.GetStringAsync("/dashboard/snapshot"));
        return snapshot.RootElement.GetProperty("settings").Clone();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <see cref="Within"/>.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < Within, $"not true within {Within}");
            await Task.Delay(100);
        }
    }
}

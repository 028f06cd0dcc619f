namespace Orleans.Stock.Tests.Webhooks;

/// <summary>Polls a condition that background delivery makes true, failing with a message at the deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> message)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message());
            await Task.Delay(25);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, Func<string> message) =>
        TrueAsync(() => Task.FromResult(condition()), within, message);
}

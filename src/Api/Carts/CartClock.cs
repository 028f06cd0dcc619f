namespace Orleans.Stock.Api.Carts;

/// <summary>Times in milliseconds, as the API shows them, so what is stored and what is answered agree.</summary>
public static class CartClock
{
    public static DateTime Now(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }
}

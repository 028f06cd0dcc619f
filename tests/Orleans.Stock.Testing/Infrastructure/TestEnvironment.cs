namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// The real servers the tests use, started by <c>scripts/test.sh</c>. Tests never mock the database.
/// </summary>
public static class TestEnvironment
{
    public static string Postgres => Environment.GetEnvironmentVariable("STOCK_TEST_POSTGRES")
        ?? throw new InvalidOperationException("STOCK_TEST_POSTGRES is not set: run the tests through scripts/test.sh.");

    public static string? Redis => Environment.GetEnvironmentVariable("STOCK_TEST_REDIS");

    /// <summary>A SKU no other test uses, so tests share one database without seeing each other.</summary>
    public static string NewSku(string prefix = "T") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 33)];
}

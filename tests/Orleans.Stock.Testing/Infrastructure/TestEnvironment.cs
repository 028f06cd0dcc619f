namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// The real servers the tests use, started by <c>scripts/test.sh</c>. Tests never mock the database.
/// </summary>
public static class TestEnvironment
{
    public static string Postgres => Environment.GetEnvironmentVariable("STOCK_TEST_POSTGRES")
        ?? throw new InvalidOperationException("STOCK_TEST_POSTGRES is not set: run the tests through scripts/test.sh.");

    public static string? Redis => Environment.GetEnvironmentVariable("STOCK_TEST_REDIS");

    /// <summary>The admin key every test API is started with (a bootstrap key of configuration).</summary>
    public const string AdminKey = "sk_test_admin_0123456789abcdef0123456789";

    /// <summary>The client key every test API is started with.</summary>
    public const string ClientKey = "sk_test_client_0123456789abcdef012345678";

    /// <summary>The configuration that makes an API accept <see cref="AdminKey"/> and <see cref="ClientKey"/>.</summary>
    public static IReadOnlyDictionary<string, string> KeySettings { get; } = new Dictionary<string, string>
    {
        ["Stock:Auth:Bootstrap:AdminKey"] = AdminKey,
        ["Stock:Auth:Bootstrap:ClientKey"] = ClientKey,
    };

    /// <summary>A SKU no other test uses, so tests share one database without seeing each other.</summary>
    public static string NewSku(string prefix = "T") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 33)];
}

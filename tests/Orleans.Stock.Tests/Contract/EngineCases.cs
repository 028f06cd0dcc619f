namespace Orleans.Stock.Tests.Contract;

/// <summary>The engines every contract case runs against; each new engine joins here.</summary>
public static class EngineCases
{
    public static TheoryData<string> All => new() { "grain" };
}

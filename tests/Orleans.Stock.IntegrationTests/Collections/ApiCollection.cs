namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>The tests of this assembly that share one <see cref="ApiFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

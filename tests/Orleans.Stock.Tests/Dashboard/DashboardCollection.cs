namespace Orleans.Stock.Tests.Dashboard;

/// <summary>The tests that share one dashboard host and browser (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}

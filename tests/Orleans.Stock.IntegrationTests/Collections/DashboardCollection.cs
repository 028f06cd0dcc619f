namespace Orleans.Stock.Tests.Dashboard;

/// <summary>The tests of this assembly that share one <see cref="DashboardFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}

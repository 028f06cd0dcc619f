namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>A two-silo cluster and the API in front of it, shared by the HTTP contract tests.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly ClusterFixture _cluster = new();
    private ApiFactory? _factory;

    public HttpClient Client { get; private set; } = null!;

    public ApiFactory Factory => _factory ?? throw new InvalidOperationException("API not started.");

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _factory = new ApiFactory(_cluster.Cluster);
        Client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }
}

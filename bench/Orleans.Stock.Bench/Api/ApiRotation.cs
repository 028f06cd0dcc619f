namespace Orleans.Stock.Bench.Api;

/// <summary>
/// The API instances a load is spread over, handed out in turn per session, the way a round-robin
/// load balancer in front of several stateless APIs would.
/// </summary>
public sealed class ApiRotation
{
    private readonly StockApiClient[] _apis;
    private long _turn = -1;

    public ApiRotation(IReadOnlyList<StockApiClient> apis)
    {
        ArgumentOutOfRangeException.ThrowIfZero(apis.Count);
        _apis = [.. apis];
    }

    public int Count => _apis.Length;

    public StockApiClient Next() => _apis[(int)((ulong)Interlocked.Increment(ref _turn) % (ulong)_apis.Length)];
}

namespace Orleans.Stock.Bench.Load;

public enum LoadModel
{
    /// <summary>Requests arrive at a fixed rate whatever the server does: how a shop's traffic behaves.</summary>
    Open,

    /// <summary>N users, each waiting for an answer before the next request (Locust's model).</summary>
    Closed,
}

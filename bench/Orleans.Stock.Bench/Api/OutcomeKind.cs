namespace Orleans.Stock.Bench.Api;

public enum OutcomeKind
{
    /// <summary>The server answered with an HTTP status.</summary>
    Http,

    /// <summary>Not sent: the in-flight cap was reached, so the client itself could not keep up.</summary>
    ClientOverload,

    /// <summary>The request timed out on the client (<c>--request-timeout</c>).</summary>
    Timeout,

    /// <summary>Connection refused, reset or similar: no HTTP answer at all.</summary>
    Transport,
}

using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Forwarder;

namespace Orleans.Stock.Gateway.Proxy;

/// <summary>
/// What the gateway answers when it could not get an answer from an instance: the contract allows no 5xx
/// but 503 <c>unavailable</c> with <c>Retry-After</c>, so YARP's bare 502/503/504 become that problem.
/// YARP does not retry: a request that was on an instance when it died may or may not have been applied.
/// Retrying it is safe for reads and for a POST with an <c>Idempotency-Key</c> (the API answers the first
/// outcome again); without a key the client cannot tell, so the gateway never retries on its behalf.
/// </summary>
public static class ProxyFailureProblems
{
    public const int RetryAfterSeconds = 1;

    /// <summary>Runs after the forwarder, inside the proxy pipeline.</summary>
    public static async Task TranslateAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.GetForwarderErrorFeature() is not { } failure || context.Response.HasStarted)
        {
            return;
        }

        var detail = failure.Error switch
        {
            ForwarderError.NoAvailableDestinations => "No API instance is healthy; retry shortly.",
            ForwarderError.RequestTimedOut => "The API instance did not answer in time; retry shortly (with the same Idempotency-Key).",
            _ => "The API instance could not be reached or failed mid-request; retry shortly (with the same Idempotency-Key).",
        };
        context.Response.Clear();
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Unavailable(detail).ExecuteAsync(context);
    }

    /// <summary>The same body the API sends for its own 503s.</summary>
    public static ProblemHttpResult Unavailable(string detail) => TypedResults.Problem(
        detail,
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Service unavailable",
        extensions: new Dictionary<string, object?> { ["code"] = "unavailable" });
}

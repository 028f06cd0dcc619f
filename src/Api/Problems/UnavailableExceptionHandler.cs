using Microsoft.AspNetCore.Diagnostics;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Api.Problems;

/// <summary>
/// A silo, gateway or the database that cannot be reached is a 503 the client may retry,
/// not a 500: nothing was acknowledged.
/// </summary>
public sealed partial class UnavailableExceptionHandler(ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!TransientFailure.IsUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(exception, httpContext.Request.Path);
        await StockProblems.Unavailable().ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 for {Path}.")]
    private partial void LogUnavailable(Exception exception, string path);
}

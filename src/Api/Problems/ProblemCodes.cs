using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Api.Problems;

/// <summary>The stable <c>code</c> extension of every problem body (docs/api.md, "Errors").</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = StockErrorCodes.InvalidInput;
    public const string ProductNotFound = StockErrorCodes.ProductNotFound;
    public const string ReservationNotFound = StockErrorCodes.ReservationNotFound;
    public const string ProductExists = StockErrorCodes.ProductExists;
    public const string InsufficientStock = StockErrorCodes.InsufficientStock;
    public const string ReservationNotPending = StockErrorCodes.ReservationNotPending;
    public const string IdempotencyKeyReused = StockErrorCodes.IdempotencyKeyReused;
    public const string LimitExceeded = StockErrorCodes.LimitExceeded;
    public const string VersionMismatch = StockErrorCodes.VersionMismatch;
    public const string Unavailable = StockErrorCodes.Unavailable;
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate-limited";
    public const string NotFound = "not-found";

    /// <summary>Codes for framework-produced problems outside the contract table (unknown route, wrong method).</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ValidationFailed,
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status413PayloadTooLarge => "payload-too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        _ => "error",
    };
}

namespace Orleans.Stock.Api.Problems;

/// <summary>The stable <c>code</c> extension of every problem body (API.md, "Errors").</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "validation-failed";
    public const string ProductNotFound = "product-not-found";
    public const string ReservationNotFound = "reservation-not-found";
    public const string ProductExists = "product-exists";
    public const string InsufficientStock = "insufficient-stock";
    public const string ReservationNotPending = "reservation-not-pending";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string Unavailable = "unavailable";

    /// <summary>Codes for framework-produced problems outside the contract table (unknown route, wrong method).</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ValidationFailed,
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status413PayloadTooLarge => "payload-too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        _ => "error",
    };
}

using System.Text.RegularExpressions;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Api.Validation;

/// <summary>The formats and ranges of docs/api.md, in one place.</summary>
public static class InputRules
{
    public const int MaxNameLength = 200;
    public const int MaxReasonLength = 200;
    public const long MaxStock = 1_000_000_000;
    public const int MaxReserveQuantity = 10_000;
    public const int MaxPerUser = 1_000_000;
    public const int MaxUserIdLength = 128;
    public const int MaxTtlSeconds = 86_400;
    public const int DefaultTtlSeconds = 900;
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxPageSize = 1000;
    public const int DefaultPageSize = 100;

    /// <summary>1-64 chars of <c>[A-Za-z0-9._-]</c>, case-sensitive, to the true end of the value.</summary>
    public static Regex Sku() => TextRules.Sku();

    public static Regex ReservationId() => TextRules.Id();

    /// <summary>Visible ASCII, so keys survive every proxy and log unchanged.</summary>
    public static Regex IdempotencyKey() => TextRules.IdempotencyKey();
}

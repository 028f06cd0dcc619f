using System.Text.RegularExpressions;

namespace Orleans.Stock.Api.Validation;

/// <summary>The formats and ranges of docs/api.md, in one place.</summary>
public static partial class InputRules
{
    public const int MaxNameLength = 200;
    public const long MaxStock = 1_000_000_000;
    public const int MaxReserveQuantity = 10_000;
    public const int MaxPerUser = 1_000_000;
    public const int MaxUserIdLength = 128;
    public const int MaxTtlSeconds = 86_400;
    public const int DefaultTtlSeconds = 900;
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary>1-64 chars of <c>[A-Za-z0-9._-]</c>, case-sensitive.</summary>
    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    public static partial Regex Sku();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    public static partial Regex ReservationId();

    /// <summary>Visible ASCII, so keys survive every proxy and log unchanged.</summary>
    [GeneratedRegex("^[\\x21-\\x7E]{1,128}$", RegexOptions.CultureInvariant)]
    public static partial Regex IdempotencyKey();
}

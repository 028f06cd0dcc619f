using System.Text.RegularExpressions;

namespace Orleans.Stock.Abstractions;

/// <summary>
/// The one rule for text that may reach storage (docs/api.md, "Limits"): no control character
/// (U+0000-U+001F, U+007F-U+009F) and no unpaired surrogate, and formats that cover the whole value
/// (<c>\z</c>, so a trailing newline is not accepted the way <c>$</c> would). The API validates with
/// it, and every engine checks again before it writes, since the grain takes calls from any client.
/// </summary>
public static partial class TextRules
{
    /// <summary>True when <paramref name="value"/> holds no control character and no unpaired surrogate.</summary>
    public static bool IsClean(string? value)
    {
        if (value is null)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>1-64 chars of <c>[A-Za-z0-9._-]</c>, case-sensitive.</summary>
    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Sku();

    /// <summary>A reservation or cart id in a path: 1-64 chars of <c>[A-Za-z0-9_-]</c>.</summary>
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Id();

    /// <summary>Visible ASCII, so keys survive every proxy and log unchanged.</summary>
    [GeneratedRegex(@"\A[\x21-\x7E]{1,128}\z", RegexOptions.CultureInvariant)]
    public static partial Regex IdempotencyKey();

    public static bool IsSku(string? value) => value is not null && Sku().IsMatch(value);

    public static bool IsId(string? value) => value is not null && Id().IsMatch(value);

    /// <summary>Null (no key) or a well-formed key.</summary>
    public static bool IsIdempotencyKeyOrNone(string? value) => value is null || IdempotencyKey().IsMatch(value);

    /// <summary>What an engine checks of a reservation before it writes anything.</summary>
    public static bool IsClean(ReserveRequest request) =>
        request.UserId is { Length: > 0 } && IsClean(request.UserId) && IsIdempotencyKeyOrNone(request.IdempotencyKey);
}

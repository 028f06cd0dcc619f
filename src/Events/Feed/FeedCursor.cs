using System.Globalization;

namespace Orleans.Stock.Events.Feed;

/// <summary>
/// The feed's cursor: opaque to consumers, a feed position here. The empty feed's start is position 0.
/// </summary>
public static class FeedCursor
{
    /// <summary>Longest text a cursor may be: the digits of the largest position.</summary>
    public const int MaxLength = 19;

    public static string Format(long position) => position.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The position a cursor names; false for anything this service did not make (signs, spaces, letters,
    /// leading zeros, overflow), so a mistyped cursor is refused instead of silently read from elsewhere.
    /// </summary>
    public static bool TryParse(string? text, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out position);
    }
}

using System.Globalization;

namespace Orleans.Stock.Engines.Redis;

/// <summary>A Redis stream entry id, <c>milliseconds-sequence</c>, ordered as Redis orders them.</summary>
public readonly record struct ChangeStreamId(long Milliseconds, long Sequence) : IComparable<ChangeStreamId>
{
    public static readonly ChangeStreamId Zero = new(0, 0);

    public static ChangeStreamId Parse(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? new ChangeStreamId(long.Parse(text, CultureInfo.InvariantCulture), 0)
            : new ChangeStreamId(long.Parse(text.AsSpan(0, dash), CultureInfo.InvariantCulture), long.Parse(text.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }

    /// <summary>The smallest id after this one (what <c>XTRIM MINID</c> needs to drop this one too).</summary>
    public ChangeStreamId Next() => Sequence == long.MaxValue ? new ChangeStreamId(Milliseconds + 1, 0) : this with { Sequence = Sequence + 1 };

    public int CompareTo(ChangeStreamId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(ChangeStreamId left, ChangeStreamId right) => left.CompareTo(right) < 0;

    public static bool operator >(ChangeStreamId left, ChangeStreamId right) => left.CompareTo(right) > 0;

    public static bool operator <=(ChangeStreamId left, ChangeStreamId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ChangeStreamId left, ChangeStreamId right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// A base-10 logarithmic axis over whole decades, mapped onto a pixel range. Latencies span
/// sub-millisecond to seconds and rates 100 to thousands: only a log scale shows both ends.
/// </summary>
public sealed class LogAxis
{
    private readonly double _lowExponent;
    private readonly double _highExponent;
    private readonly double _fromPixel;
    private readonly double _toPixel;

    /// <summary>The axis covers the decades around every value (at least one decade).</summary>
    public LogAxis(IEnumerable<double> values, double fromPixel, double toPixel)
    {
        var logs = values.Where(v => v > 0).Select(Math.Log10).ToList();
        _lowExponent = logs.Count == 0 ? 0 : Math.Floor(logs.Min());
        _highExponent = logs.Count == 0 ? 1 : Math.Max(Math.Ceiling(logs.Max()), _lowExponent + 1);
        _fromPixel = fromPixel;
        _toPixel = toPixel;
    }

    public double Min => Math.Pow(10, _lowExponent);

    public double Max => Math.Pow(10, _highExponent);

    public double Map(double value)
    {
        var log = Math.Log10(Math.Clamp(value, Min, Max));
        return _fromPixel + ((log - _lowExponent) / (_highExponent - _lowExponent) * (_toPixel - _fromPixel));
    }

    /// <summary>1, 2 and 5 times every decade within the axis; <c>Major</c> for the powers of ten.</summary>
    public IEnumerable<(double Value, bool Major)> Ticks()
    {
        for (var exponent = _lowExponent; exponent <= _highExponent; exponent++)
        {
            var decade = Math.Pow(10, exponent);
            yield return (decade, true);
            if (exponent < _highExponent)
            {
                yield return (2 * decade, false);
                yield return (5 * decade, false);
            }
        }
    }
}

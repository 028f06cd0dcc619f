using System.Globalization;

namespace Orleans.Stock.Bench.Workload;

/// <summary>Units per reservation, uniform over <c>Min..Max</c> inclusive (<c>2</c> or <c>1-3</c>).</summary>
public readonly record struct QuantityRange(int Min, int Max)
{
    /// <summary>docs/api.md's bounds for one reservation line.</summary>
    public const int Largest = 10_000;

    public int Next() => Min == Max ? Min : Random.Shared.Next(Min, Max + 1);

    public override string ToString() => Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : $"{Min}-{Max}";

    public static bool TryParse(string text, out QuantityRange range, out string? error)
    {
        range = default;
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var max))
        {
            error = $"'{text}' is not a quantity: use N or MIN-MAX, e.g. 1 or 1-3";
            return false;
        }

        if (min < 1 || max > Largest || min > max)
        {
            error = $"quantity '{text}' must satisfy 1 <= MIN <= MAX <= {Largest}";
            return false;
        }

        range = new QuantityRange(min, max);
        error = null;
        return true;
    }
}

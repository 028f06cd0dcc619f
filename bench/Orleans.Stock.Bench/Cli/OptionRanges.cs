using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace Orleans.Stock.Bench.Cli;

/// <summary>Range checks on numeric options, so a bad value fails at parse time with the option's name.</summary>
public static class OptionRanges
{
    public static Option<T> Within<T>(this Option<T> option, T min, T max)
        where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (UnreadableOptions.TryGetValue(result, out T value) && (value < min || value > max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max}, not {value}"));
            }
        });
        return option;
    }

    public static Option<TimeSpan> AtLeast(this Option<TimeSpan> option, TimeSpan min)
    {
        option.Validators.Add(result =>
        {
            if (UnreadableOptions.TryGetValue(result, out TimeSpan value) && value < min)
            {
                result.AddError($"{option.Name} must be at least {min.TotalSeconds} s");
            }
        });
        return option;
    }

    public static Option<T?> Within<T>(this Option<T?> option, T min, T max)
        where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (UnreadableOptions.TryGetValue(result, out T? value) && value is { } given && (given < min || given > max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max}, not {given}"));
            }
        });
        return option;
    }
}

using System.CommandLine.Parsing;

namespace Orleans.Stock.Bench.Cli;

/// <summary>
/// Options whose text did not parse (<c>--skus abc</c>, <c>--duration 10x</c>). System.CommandLine
/// reports that error itself, but throws it, unhandled, at any validator that asks for the value; so
/// validators ask here first and leave such an option to its own error.
/// </summary>
internal static class UnreadableOptions
{
    public static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>Whether any option given to the command did not parse: its cross-option checks would only add noise.</summary>
    public static bool HasUnreadableOption(this CommandResult result) =>
        result.Children.OfType<OptionResult>().Any(option => !TryGetValue<object?>(option, out _));
}

using System.Globalization;

namespace Orleans.Stock.Bench.Workload;

/// <summary>
/// The SKUs one run creates and drives: <c>{prefix}-0 .. {prefix}-{n-1}</c>, SKU 0 being the hot one.
/// Every run has its own prefix so its counters on the server are its own and the audit can compare them
/// with what this run's clients saw.
/// </summary>
public sealed class ProductSet
{
    private readonly string[] _skus;

    public ProductSet(string prefix, int count)
    {
        Prefix = prefix;
        _skus = new string[count];
        for (var i = 0; i < count; i++)
        {
            _skus[i] = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}");
        }
    }

    public string Prefix { get; }

    public int Count => _skus.Length;

    public IReadOnlyList<string> Skus => _skus;

    public string this[int index] => _skus[index];

    /// <summary>A prefix no earlier run used: the time to the second plus a random tag.</summary>
    public static string NewPrefix() =>
        string.Create(CultureInfo.InvariantCulture, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}");
}

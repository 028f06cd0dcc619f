namespace Orleans.Stock.Bench.Workload;

/// <summary>
/// Picks the SKU of the next reservation. SKU 0 is the hot one and takes <c>hotShare</c> of the
/// requests; the rest spread uniformly over the other SKUs. This is how contention is dialled in:
/// the guide's conflict rates come from many clients hitting one row at once.
/// </summary>
public sealed class SkuChooser
{
    private readonly int _count;
    private readonly double _hotShare;

    /// <param name="count">Number of SKUs, at least 1.</param>
    /// <param name="hotShare">Share of requests for SKU 0; null spreads uniformly over all SKUs.</param>
    public SkuChooser(int count, double? hotShare)
    {
        _count = count;
        // With one SKU there is nothing else to spread to, whatever the share says.
        _hotShare = count == 1 ? 1.0 : hotShare ?? 1.0 / count;
    }

    public int Next()
    {
        if (_count == 1 || Random.Shared.NextDouble() < _hotShare)
        {
            return 0;
        }

        return 1 + Random.Shared.Next(_count - 1);
    }

    /// <summary>
    /// <paramref name="lines"/> distinct SKUs for a cart, each drawn as <see cref="Next"/> draws, so the
    /// hot SKU is in most carts and carts collide there. A repeat is redrawn uniformly: redrawing with
    /// the hot share could loop for ever when that share is 1.
    /// </summary>
    public int[] NextDistinct(int lines)
    {
        var picked = new int[Math.Min(lines, _count)];
        var seen = new HashSet<int>();
        for (var i = 0; i < picked.Length; i++)
        {
            var sku = Next();
            while (!seen.Add(sku))
            {
                sku = Random.Shared.Next(_count);
            }

            picked[i] = sku;
        }

        return picked;
    }
}

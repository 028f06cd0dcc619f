namespace Orleans.Stock.Engines.Redis;

/// <summary>When a load from PostgreSQL may write over what Redis holds (see <see cref="Scripts.LoadScript"/>).</summary>
public enum LoadMode
{
    /// <summary>A product just claimed in the catalog: whatever Redis held under its SKU is stale.</summary>
    Create,

    /// <summary>Only if Redis has no such product.</summary>
    Missing,

    /// <summary>Only if Redis holds an older version than PostgreSQL: Redis lost changes that were already synced.</summary>
    Behind,
}

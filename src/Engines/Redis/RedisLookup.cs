namespace Orleans.Stock.Engines.Redis;

/// <summary>Whether Redis held what a script needed; a miss is not an answer yet, PostgreSQL may hold it.</summary>
public enum RedisLookup
{
    Found,

    /// <summary>Redis has no such product: load it from PostgreSQL and run the script again.</summary>
    ProductMissing,

    /// <summary>Redis has the product but not the reservation: it may have completed longer ago than the retention.</summary>
    ReservationMissing,
}

namespace Orleans.Stock.Bench.Workload;

/// <summary>What a client does after a successful reservation.</summary>
public enum FollowUp
{
    /// <summary>Nothing: the reservation is left to expire, like a shopper who walks away.</summary>
    Abandon,
    Confirm,
    Cancel,
}

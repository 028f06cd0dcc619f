namespace Orleans.Stock.Abstractions;

/// <summary>The <c>kind</c> of a history item (docs/api.md, "History").</summary>
public static class HistoryKinds
{
    public const string Created = "created";
    public const string Restocked = "restocked";
    public const string Adjusted = "adjusted";
    public const string Reserved = "reserved";
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Created, Restocked, Adjusted, Reserved, Confirmed, Cancelled, Expired];
}

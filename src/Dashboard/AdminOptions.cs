namespace Orleans.Stock.Dashboard;

/// <summary>Who may see the operations pages (section <c>Stock:Admin</c>).</summary>
public sealed class AdminOptions
{
    public const string Section = "Stock:Admin";

    /// <summary>
    /// When set, <c>/dashboard</c>, its stream and the Orleans dashboard require this key (header
    /// <c>X-Api-Key</c>, or <c>?key=</c> where a browser cannot send headers, as with EventSource).
    /// When unset they answer only requests from the loopback interface.
    /// </summary>
    public string? ApiKey { get; set; }
}

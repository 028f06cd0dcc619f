namespace Orleans.Stock.Api.Access;

/// <summary>The scopes a key or token may carry, and the authorization policies named after them.</summary>
public static class AccessScopes
{
    public const string Admin = "admin";
    public const string Client = "client";
    public const string Metrics = "metrics";

    public static readonly IReadOnlyList<string> All = [Admin, Client, Metrics];

    /// <summary>The claim that carries the scope, as a JWT names it.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>The claim that carries the key id (a JWT's subject).</summary>
    public const string KeyIdClaim = "sub";

    /// <summary>The claim that carries a key's own request rate, when it has one.</summary>
    public const string RequestsPerSecondClaim = "stock:rps";
}

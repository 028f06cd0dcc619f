using System.Text.Json.Serialization;
using Orleans.Stock.Api.Access;

namespace Orleans.Stock.Api.Contracts;

/// <summary>A key as <c>/api/keys</c> shows it; <see cref="Secret"/> only in the answer that created it.</summary>
public sealed record KeyResponse(
    string Id,
    string Name,
    string Scope,
    int? RequestsPerSecond,
    DateTime CreatedAt,
    DateTime? RevokedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    /// <param name="defaultRate">The configured rate of client keys created without one.</param>
    public static KeyResponse From(ApiKey key, int defaultRate, string? secret = null) => new(
        key.Id, key.Name, key.Scope,
        key.RequestsPerSecond ?? (key.Scope == AccessScopes.Client ? defaultRate : null),
        key.CreatedAt, key.RevokedAt, secret);
}

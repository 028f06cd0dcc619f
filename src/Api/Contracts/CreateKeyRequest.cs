using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/keys</c>.</summary>
public sealed record CreateKeyRequest(string? Name, string? Scope, int? RequestsPerSecond)
{
    public const int MaxRequestsPerSecond = 1_000_000;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors()
            .Text("name", Name, InputRules.MaxNameLength)
            .Range("requestsPerSecond", RequestsPerSecond, 1, MaxRequestsPerSecond);
        return Scope is null || !AccessScopes.All.Contains(Scope)
            ? errors.Add("scope", $"'scope' must be one of: {string.Join(", ", AccessScopes.All)}.")
            : errors;
    }
}

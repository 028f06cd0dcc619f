using System.Security.Claims;

namespace Orleans.Stock.Api.Access;

/// <summary>Who is calling, as the engines need it: the key that will own what it creates.</summary>
public static class CallerIdentity
{
    /// <summary>The caller's key id (a JWT's subject).</summary>
    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirst(AccessScopes.KeyIdClaim)?.Value;

    public static bool HasScope(this ClaimsPrincipal user, params string[] scopes) =>
        user.FindAll(AccessScopes.ScopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Any(scopes.Contains);

    /// <summary>
    /// Whose reservations and carts the caller may see: null for an admin (anyone's), else its own key.
    /// </summary>
    public static string? OwnerFilter(this ClaimsPrincipal user) => user.HasScope(AccessScopes.Admin) ? null : user.KeyId() ?? string.Empty;
}

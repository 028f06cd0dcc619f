using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Dashboard;

namespace Orleans.Stock.Api.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> (and, under
/// <c>/dashboard</c> only, the cookie its login form sets), and answers every challenge and refusal
/// of the API as a problem body: 401 <c>unauthenticated</c> with <c>WWW-Authenticate: Bearer</c>,
/// 403 <c>forbidden</c>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyHeader = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedSecret(Request) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await directory.FindAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The key is unknown or revoked.");
        }

        List<Claim> claims = [new(AccessScopes.KeyIdClaim, key.Id), new(AccessScopes.ScopeClaim, key.Scope), new(ClaimTypes.Name, key.Name)];
        if (key.RequestsPerSecond is { } rate)
        {
            claims.Add(new(AccessScopes.RequestsPerSecondClaim, rate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, AccessScopes.ScopeClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await StockProblems.Problem(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthenticated, "Unauthenticated",
            "This endpoint needs a valid key: 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await StockProblems.Problem(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Forbidden",
            "The key's scope does not allow this operation.").ExecuteAsync(Context);

    /// <summary>A bearer value that is not a JWT (JWTs have three dot-separated parts).</summary>
    public static bool IsJwt(string bearer) => bearer.Count(c => c == '.') == 2;

    private static string? PresentedSecret(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var bearer = authorization["Bearer ".Length..].Trim();
            return bearer.Length > 0 && !IsJwt(bearer) ? bearer : null;
        }

        if (request.Headers[KeyHeader].ToString() is { Length: > 0 } header)
        {
            return header;
        }

        return request.Path.StartsWithSegments(DashboardAccess.PathPrefix, StringComparison.OrdinalIgnoreCase)
            && request.Cookies[DashboardAccess.CookieName] is { Length: > 0 } cookie
            ? cookie
            : null;
    }
}

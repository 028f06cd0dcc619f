using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Orleans.Stock.Api.Problems;

namespace Orleans.Stock.Api.Access;

/// <summary>
/// Authentication (API keys, and JWT bearer tokens when configured), one authorization policy per
/// scope with admin as the fallback (an endpoint that states no policy is closed), and a rate
/// limit per key.
/// </summary>
public static class AccessSetup
{
    /// <summary>Picks the API key or the JWT handler by the shape of what was presented.</summary>
    public const string Scheme = "Stock";
    public const string JwtScheme = "Jwt";

    public static IHostApplicationBuilder AddStockAccess(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>()
            .Bind(builder.Configuration.GetSection(AccessOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyDirectory>();

        var jwt = builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>()?.Jwt ?? new JwtAccessOptions();
        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or JWT", o =>
            {
                o.ForwardDefaultSelector = context =>
                    jwt.IsEnabled
                    && context.Request.Headers.Authorization.ToString() is { } header
                    && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    && ApiKeyAuthenticationHandler.IsJwt(header["Bearer ".Length..].Trim())
                        ? JwtScheme
                        : ApiKeyAuthenticationHandler.SchemeName;
                // Every 401 and 403 has the same problem body, whatever authenticated the caller.
                o.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
                o.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwt.IsEnabled)
        {
            authentication.AddJwtBearer(JwtScheme, o =>
            {
                // Keep the token's own claim names: the scope in "scope", the key id in "sub".
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidateIssuer = jwt.Issuer is not null,
                    ValidAudience = jwt.Audience,
                    ValidateAudience = jwt.Audience is not null,
                    IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(jwt.SigningKey!)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = AccessScopes.KeyIdClaim,
                    RoleClaimType = AccessScopes.ScopeClaim,
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AccessScopes.Admin, ScopePolicy(AccessScopes.Admin))
            .AddPolicy(AccessScopes.Client, ScopePolicy(AccessScopes.Client, AccessScopes.Admin))
            .AddPolicy(AccessScopes.Metrics, ScopePolicy(AccessScopes.Metrics, AccessScopes.Admin))
            .SetDefaultPolicy(ScopePolicy(AccessScopes.Admin))
            .SetFallbackPolicy(ScopePolicy(AccessScopes.Admin));

        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => PerKey(context));
            o.OnRejected = static async (rejected, cancellationToken) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await StockProblems.Problem(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, "Rate limited",
                    $"This key's request rate is used up; retry in {seconds} s.").ExecuteAsync(rejected.HttpContext);
            };
        });
        return builder;
    }

    public static WebApplication UseStockAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    private static AuthorizationPolicy ScopePolicy(params string[] scopes) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(context => context.User.HasScope(scopes))
        .Build();

    /// <summary>
    /// A token bucket per key, refilled every second, sized by the key's own rate or, for a client key
    /// without one, the configured default; admin and metrics keys without a rate are not limited.
    /// Each API instance counts for itself (see README, "Security").
    /// </summary>
    private static RateLimitPartition<string> PerKey(HttpContext context)
    {
        var user = context.User;
        if (user.KeyId() is not { } keyId)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        int? rate = int.TryParse(user.FindFirst(AccessScopes.RequestsPerSecondClaim)?.Value, CultureInfo.InvariantCulture, out var own)
            ? own
            : user.HasScope(AccessScopes.Client) && !user.HasScope(AccessScopes.Admin)
                ? context.RequestServices.GetRequiredService<IOptionsMonitor<AccessOptions>>().CurrentValue.DefaultRequestsPerSecond
                : null;
        if (rate is not { } perSecond)
        {
            return RateLimitPartition.GetNoLimiter(keyId);
        }

        return RateLimitPartition.GetTokenBucketLimiter($"{keyId}:{perSecond}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}

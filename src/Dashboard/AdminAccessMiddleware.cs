using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// Guards the operations pages (<c>/dashboard</c>, its stream, the Orleans dashboard under it).
/// With <c>Stock:Admin:ApiKey</c> set, a request needs the key: header <c>X-Api-Key</c>, or
/// <c>?key=</c> for what a browser cannot give a header (the page link, EventSource). A valid
/// <c>?key=</c> also leaves an HttpOnly cookie holding a keyed hash (never the key), so the
/// Orleans dashboard's own scripts, which know nothing of the key, work in that browser. Without a
/// key the pages answer loopback clients only. Refusals are problem bodies (401 / 403).
/// </summary>
public sealed class AdminAccessMiddleware(RequestDelegate next, IOptionsMonitor<AdminOptions> options)
{
    public const string HeaderName = "X-Api-Key";
    public const string QueryName = "key";
    public const string CookieName = "stock-admin";
    public const string PathPrefix = "/dashboard";

    public async Task InvokeAsync(HttpContext context)
    {
        var key = options.CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(key))
        {
            if (IsLoopback(context.Connection.RemoteIpAddress))
            {
                await next(context);
                return;
            }

            await RefuseAsync(context, StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                "The dashboard answers only loopback clients unless Stock:Admin:ApiKey is configured.");
            return;
        }

        var cookie = CookieValue(key);
        if (Matches(context.Request.Headers[HeaderName].ToString(), key) || Matches(context.Request.Cookies[CookieName], cookie))
        {
            await next(context);
            return;
        }

        if (Matches(context.Request.Query[QueryName].ToString(), key))
        {
            context.Response.Cookies.Append(CookieName, cookie, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = PathPrefix,
            });
            await next(context);
            return;
        }

        await RefuseAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "API key required",
            $"The dashboard requires the admin API key: header '{HeaderName}' or query '?{QueryName}='.");
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    // Constant time, so response timing does not reveal how much of a guess was right.
    private static bool Matches(string? given, string expected) =>
        !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string CookieValue(string key) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "stock-admin-cookie"u8));

    private static Task RefuseAsync(HttpContext context, int status, string code, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code })
            .ExecuteAsync(context);
}

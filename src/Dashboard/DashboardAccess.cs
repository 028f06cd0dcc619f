using System.Security.Claims;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// The dashboard is an admin's: the API's authentication decides who the caller is (the admin key
/// in the Authorization header, or the cookie the login form leaves), and this says what the page
/// does about it. No key ever travels in a URL.
/// </summary>
public static class DashboardAccess
{
    public const string PathPrefix = "/dashboard";

    /// <summary>The authorization policy (and scope) the dashboard's data and the Orleans dashboard need.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Holds the admin key for the browser's own requests (EventSource cannot send a header).</summary>
    public const string CookieName = "stock-admin";

    public static bool IsAdmin(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && user.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(AdminPolicy);

    /// <summary>The answer to a browser without the admin key: 401 and a form that asks for it.</summary>
    public static IResult LoginForm(bool wrongKey) => Results.Content(
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Orleans.Stock dashboard: sign in</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto">
        <h1>Orleans.Stock dashboard</h1>
        <p>{{(wrongKey ? "That key is not an admin key." : "The dashboard needs the admin key (STOCK_ADMIN_KEY in keys.env).")}}</p>
        <form method="post" action="{{PathPrefix}}/login">
        <label>Admin key <input type="password" name="key" autocomplete="current-password" required autofocus></label>
        <button type="submit">Open</button>
        </form>
        </body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: StatusCodes.Status401Unauthorized);

    /// <summary>Keeps the posted key in an HttpOnly cookie scoped to the dashboard, then shows the page.</summary>
    public static async Task<IResult> LoginAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return LoginForm(wrongKey: false);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["key"].ToString() is not { Length: > 0 } key)
        {
            return LoginForm(wrongKey: false);
        }

        context.Response.Cookies.Append(CookieName, key, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = PathPrefix,
        });
        // Whether the key is an admin's is for the page's own request to find out.
        return Results.Redirect(PathPrefix);
    }
}

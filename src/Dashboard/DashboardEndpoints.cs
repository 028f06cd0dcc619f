using Orleans.Dashboard;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// <c>/dashboard</c>: the page, its assets, the Server-Sent Events stream of snapshots, the latest
/// snapshot as JSON, and the Orleans dashboard (cluster view) under <c>/dashboard/cluster</c>.
/// All of it needs the admin scope (<see cref="DashboardAccess"/>) and stays out of the OpenAPI document.
/// </summary>
public static class DashboardEndpoints
{
    public const string ClusterPrefix = DashboardAccess.PathPrefix + "/cluster";

    public static WebApplication MapStockDashboard(this WebApplication app)
    {
        var page = app.MapGroup(DashboardAccess.PathPrefix).ExcludeFromDescription();
        // The page answers a browser without the key with a form that asks for it, so it decides for itself.
        page.MapGet("", static (DashboardAssets assets, HttpContext context) => DashboardAccess.IsAdmin(context.User)
            ? assets.Serve("index.html", context)
            : DashboardAccess.LoginForm(wrongKey: context.User.Identity?.IsAuthenticated == true || context.Request.Cookies.ContainsKey(DashboardAccess.CookieName)))
            .AllowAnonymous();
        page.MapPost("/login", (Delegate)DashboardAccess.LoginAsync).AllowAnonymous().DisableAntiforgery();

        var dashboard = app.MapGroup(DashboardAccess.PathPrefix).ExcludeFromDescription().RequireAuthorization(DashboardAccess.AdminPolicy);
        dashboard.MapGet("/assets/{*name}", static (string name, DashboardAssets assets, HttpContext context) => assets.Serve(name, context));
        dashboard.MapGet("/stream", static (SnapshotBroadcaster broadcaster, IHostApplicationLifetime lifetime, HttpContext context) =>
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            context.Response.RegisterForDispose(stop);
            return TypedResults.ServerSentEvents(broadcaster.SubscribeAsync(stop.Token), eventType: "snapshot");
        });
        dashboard.MapGet("/snapshot", static (SnapshotBroadcaster broadcaster) => broadcaster.Latest is { } json
            ? Results.Text(json, "application/json")
            : TypedResults.Problem("The first dashboard snapshot is not ready yet.", statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Service unavailable", extensions: new Dictionary<string, object?> { ["code"] = StockErrorCodes.Unavailable }));

        // The Orleans dashboard's endpoints carry no policy of their own: the API's fallback policy (admin) covers them.
        app.MapOrleansDashboard(routePrefix: ClusterPrefix).ExcludeFromDescription();
        return app;
    }
}

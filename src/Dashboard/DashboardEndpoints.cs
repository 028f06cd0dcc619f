using Orleans.Dashboard;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// <c>/dashboard</c>: the page, its assets, the Server-Sent Events stream of snapshots, the latest
/// snapshot as JSON, and the Orleans dashboard (cluster view) under <c>/dashboard/cluster</c>.
/// All of it sits behind <see cref="AdminAccessMiddleware"/> and outside the OpenAPI document.
/// </summary>
public static class DashboardEndpoints
{
    public const string ClusterPrefix = AdminAccessMiddleware.PathPrefix + "/cluster";

    public static WebApplication MapStockDashboard(this WebApplication app)
    {
        // Middleware, not an endpoint filter: it must also cover the Orleans dashboard's endpoints.
        app.UseWhen(
            static c => c.Request.Path.StartsWithSegments(AdminAccessMiddleware.PathPrefix, StringComparison.OrdinalIgnoreCase),
            static branch => branch.UseMiddleware<AdminAccessMiddleware>());

        var dashboard = app.MapGroup(AdminAccessMiddleware.PathPrefix).ExcludeFromDescription();
        dashboard.MapGet("", static (DashboardAssets assets, HttpContext context) => assets.Serve("index.html", context));
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

        app.MapOrleansDashboard(routePrefix: ClusterPrefix).ExcludeFromDescription();
        return app;
    }
}

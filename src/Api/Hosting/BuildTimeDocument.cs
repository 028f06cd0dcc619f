using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Stock.Api.Hosting;

/// <summary>
/// The build writes docs/openapi.json by starting the app under the OpenAPI tool (GetDocument.Insider)
/// and reading its endpoints. Then nothing that reaches a silo, PostgreSQL or Redis may start: the
/// background services would wait for a cluster that is not there.
/// </summary>
public static class BuildTimeDocument
{
    public static bool IsBeingGenerated => Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    public static IHostApplicationBuilder WithoutBackgroundServicesWhenGenerating(this IHostApplicationBuilder builder)
    {
        if (IsBeingGenerated)
        {
            builder.Services.RemoveAll<IHostedService>();
        }

        return builder;
    }
}

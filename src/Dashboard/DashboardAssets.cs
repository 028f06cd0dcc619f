using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// The page and its scripts, embedded in the API assembly at build time (the hand-written files of
/// <c>Dashboard/wwwroot</c> and uPlot's files copied there from npm). Embedding means the page is
/// served by the app itself, from any working directory, with no CDN and no network.
/// </summary>
public sealed class DashboardAssets
{
    public const string ResourcePrefix = "dashboard/";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        _assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[ResourcePrefix.Length..], n => Load(assembly, n), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names => _assets.Keys;

    /// <summary>The asset, 304 when the browser's copy is current, or a 404 problem.</summary>
    public IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return TypedResults.Problem($"The dashboard has no asset '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found",
                extensions: new Dictionary<string, object?> { ["code"] = "not-found" });
        }

        // Revalidate on every load (the files change with each build); an unchanged file costs a 304.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        return context.Request.Headers.IfNoneMatch.ToString() == asset.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static Asset Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        var type = ContentTypes.TryGetContentType(resource, out var known) ? known : "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal))
        {
            type += "; charset=utf-8";
        }

        return new Asset(content, type, new EntityTagHeaderValue($"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"").ToString());
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}

using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Orleans.Stock.Api.Problems;

namespace Orleans.Stock.Api.Hosting;

/// <summary>
/// Refuses a body over <see cref="StockHttpOptions.MaxRequestBodyBytes"/> with a 413
/// <c>payload-too-large</c> problem before any endpoint reads it, so nothing of it is parsed and
/// nothing changes. A declared length is checked at once; a body without one (chunked) is read up to
/// the limit first. Kestrel carries the same limit, which covers every other path.
/// </summary>
public static class RequestBodyLimit
{
    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<StockHttpOptions>>().Value;
        var limit = options.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.ContentLength > limit)
            {
                await TooLarge(limit).ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            if (request.ContentLength is null && HasBody(request))
            {
                var buffered = new MemoryStream();
                var chunk = new byte[8192];
                int read;
                try
                {
                    while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
                    {
                        if (buffered.Length + read > limit)
                        {
                            await TooLarge(limit).ExecuteAsync(context);
                            return;
                        }

                        buffered.Write(chunk, 0, read);
                    }
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    await TooLarge(limit).ExecuteAsync(context);
                    return;
                }

                buffered.Position = 0;
                request.Body = buffered;
                request.ContentLength = buffered.Length;
            }

            await next(context);
        });
        return app;
    }

    public static IResult TooLarge(long limit) =>
        StockProblems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemCodes.ForStatus(StatusCodes.Status413PayloadTooLarge), "Payload too large",
            $"The request body is larger than {limit} bytes; none of it was read.");

    private static bool HasBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && (request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true);
}

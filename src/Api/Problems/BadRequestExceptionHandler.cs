using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Problems;

/// <summary>
/// Turns body-binding failures (malformed JSON, wrong types, missing body) into a
/// <c>validation-failed</c> problem that names the offending field.
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own body limit, met while a body was being read.
            await StockProblems.Problem(bad.StatusCode, ProblemCodes.ForStatus(bad.StatusCode), "Payload too large",
                "The request body is larger than the server accepts.").ExecuteAsync(httpContext);
            return true;
        }

        if (bad.StatusCode != StatusCodes.Status400BadRequest)
        {
            httpContext.Response.StatusCode = bad.StatusCode;
            return false;
        }

        var errors = new ValidationErrors();
        if (bad.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
            errors.Add(field, "The JSON is malformed or has a value of the wrong type.");
        }
        else
        {
            // The framework's own message speaks to developers ("Implicit body inferred ..."), not to clients.
            errors.Add("$", "A JSON object body is required.");
        }

        await StockProblems.ValidationFailed(errors).ExecuteAsync(httpContext);
        return true;
    }
}

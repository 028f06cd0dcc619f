using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Problems;

/// <summary>
/// Turns binding failures (malformed JSON, wrong types, missing body, a query value of the wrong type) into a
/// <c>validation-failed</c> problem that names the offending field.
/// </summary>
public sealed partial class BadRequestExceptionHandler : IExceptionHandler
{
    // The framework names a route or query value it could not bind only in its message:
    // Failed to bind parameter "long? afterVersion" from "x".
    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>\w+)" from """, RegexOptions.CultureInvariant)]
    private static partial Regex UnboundParameter();

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
        else if (UnboundParameter().Match(bad.Message) is { Success: true } unbound)
        {
            errors.Add(unbound.Groups["name"].Value, "The value is not of the expected type.");
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

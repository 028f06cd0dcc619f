using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/webhooks</c>.</summary>
/// <param name="Url">Absolute <c>http</c> or <c>https</c> URL the events are POSTed to.</param>
/// <param name="Types">Event types or <c>prefix.*</c> (<c>reservation.*</c>), 1-20 entries.</param>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string?>? Types)
{
    public const int MaxUrlLength = 2_048;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        ValidateUrl(errors);
        if (Types is null || Types.Count == 0 || Types.Count > WebhookTypes.MaxEntries)
        {
            return errors.Add("types", $"'types' must hold 1-{WebhookTypes.MaxEntries} entries.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Types.Count; i++)
        {
            var entry = Types[i];
            if (!WebhookTypes.IsValidEntry(entry))
            {
                errors.Add($"types[{i}]", $"'types[{i}]' must be one of: {string.Join(", ", StockEventTypes.All)}, or 'prefix.*' for one of: {string.Join(", ", WebhookTypes.Prefixes)}.");
            }
            else if (!seen.Add(entry!))
            {
                errors.Add($"types[{i}]", $"'types[{i}]' repeats '{entry}'.");
            }
        }

        return errors;
    }

    private void ValidateUrl(ValidationErrors errors)
    {
        if (Url is null)
        {
            errors.Add("url", "'url' is required.");
            return;
        }

        if (Url.Length > MaxUrlLength || !TextRules.IsClean(Url) || Url.Any(char.IsWhiteSpace)
            || !Uri.TryCreate(Url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || uri.Fragment.Length > 0)
        {
            errors.Add("url", $"'url' must be an absolute http or https URL of at most {MaxUrlLength} characters, without spaces, control characters or a fragment.");
        }
    }
}

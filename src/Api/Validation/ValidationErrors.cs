using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Api.Validation;

/// <summary>Collects field -> messages for a <c>validation-failed</c> problem.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public ValidationErrors Required<T>(string field, T? value) where T : struct =>
        value is null ? Add(field, $"'{field}' is required.") : this;

    public ValidationErrors Range(string field, long? value, long min, long max) =>
        value is { } v && (v < min || v > max) ? Add(field, $"'{field}' must be between {min} and {max}.") : this;

    public ValidationErrors Text(string field, string? value, int maxLength, bool required = true)
    {
        if (value is null)
        {
            return required ? Add(field, $"'{field}' is required.") : this;
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            return Add(field, $"'{field}' must be 1-{maxLength} characters, not blank.");
        }

        return TextRules.IsClean(value) ? this : Add(field, $"'{field}' must not contain control characters or unpaired surrogates.");
    }

    public ValidationErrors Sku(string field, string? value) =>
        value is null || !InputRules.Sku().IsMatch(value)
            ? Add(field, $"'{field}' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.")
            : this;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Orleans.Stock.Api.Access;

/// <summary>
/// From a presented secret to its key: the configured bootstrap keys first (no database), then the
/// table, remembered for <see cref="AccessOptions.KeyCacheDuration"/> so that a hot client costs one
/// look-up every couple of seconds, and a revocation is seen by every instance within that time.
/// </summary>
public sealed class ApiKeyDirectory(ApiKeyStore store, IOptionsMonitor<AccessOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _recent = new(StringComparer.Ordinal);

    public async ValueTask<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (Bootstrap(secret, current) is { } configured)
        {
            return configured;
        }

        var hash = ApiKeySecret.Hash(secret);
        var cacheKey = Convert.ToHexString(hash);
        var now = time.GetUtcNow();
        if (_recent.TryGetValue(cacheKey, out var entry) && now - entry.ReadAt < current.KeyCacheDuration)
        {
            return entry.Key;
        }

        var key = await store.FindLiveAsync(hash, cancellationToken);
        // Unknown secrets are remembered too, so a client retrying a wrong key does not reach the database each time;
        // the map is bounded so guessing cannot grow it without end.
        if (_recent.Count > 10_000)
        {
            _recent.Clear();
        }

        _recent[cacheKey] = new Entry(key, now);
        return key;
    }

    private static ApiKey? Bootstrap(string secret, AccessOptions options)
    {
        var bootstrap = options.Bootstrap;
        if (Matches(secret, bootstrap.AdminKey))
        {
            return new ApiKey(BootstrapKeyOptions.AdminId, "bootstrap admin", AccessScopes.Admin, null, DateTime.MinValue, null);
        }

        return Matches(secret, bootstrap.ClientKey)
            ? new ApiKey(BootstrapKeyOptions.ClientId, "bootstrap client", AccessScopes.Client, null, DateTime.MinValue, null)
            : null;
    }

    // Constant time, so response timing does not tell how much of a guess was right.
    private static bool Matches(string secret, string? configured) =>
        !string.IsNullOrEmpty(configured)
        && CryptographicOperations.FixedTimeEquals(ApiKeySecret.Hash(secret), ApiKeySecret.Hash(configured));

    private readonly record struct Entry(ApiKey? Key, DateTimeOffset ReadAt);
}

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
    private BootstrapHashes? _bootstrap;

    public async ValueTask<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        // One hash per request: the presented secret's, compared with the bootstrap keys' (hashed once) and looked up.
        var hash = ApiKeySecret.Hash(secret);
        if (Bootstrap(hash, current) is { } configured)
        {
            return configured;
        }

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

    private static readonly ApiKey BootstrapAdmin = new(BootstrapKeyOptions.AdminId, "bootstrap admin", AccessScopes.Admin, null, DateTime.MinValue, null);
    private static readonly ApiKey BootstrapClient = new(BootstrapKeyOptions.ClientId, "bootstrap client", AccessScopes.Client, null, DateTime.MinValue, null);

    private ApiKey? Bootstrap(byte[] hash, AccessOptions options)
    {
        var bootstrap = options.Bootstrap;
        var known = _bootstrap;
        if (known is null || !ReferenceEquals(known.Options, bootstrap))
        {
            known = _bootstrap = new BootstrapHashes(bootstrap, HashOf(bootstrap.AdminKey), HashOf(bootstrap.ClientKey));
        }

        return Matches(hash, known.Admin) ? BootstrapAdmin : Matches(hash, known.Client) ? BootstrapClient : null;
    }

    private static byte[]? HashOf(string? configured) => string.IsNullOrEmpty(configured) ? null : ApiKeySecret.Hash(configured);

    // Constant time, so response timing does not tell how much of a guess was right.
    private static bool Matches(byte[] hash, byte[]? configured) => configured is not null && CryptographicOperations.FixedTimeEquals(hash, configured);

    private readonly record struct Entry(ApiKey? Key, DateTimeOffset ReadAt);

    private sealed record BootstrapHashes(BootstrapKeyOptions Options, byte[]? Admin, byte[]? Client);
}

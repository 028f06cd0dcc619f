using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Api.Access;

/// <summary>Who may call the API (section <c>Stock:Auth</c>).</summary>
public sealed class AccessOptions
{
    public const string Section = "Stock:Auth";

    /// <summary>The rate of a <c>client</c> key created without one of its own.</summary>
    [Range(1, 1_000_000)]
    public int DefaultRequestsPerSecond { get; set; } = 1000;

    /// <summary>
    /// How long an instance trusts what it read about a key. A revocation reaches every instance
    /// within this time (the contract promises 5 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Keys defined by configuration (scripts/run.sh writes them to keys.env).</summary>
    [Required]
    public BootstrapKeyOptions Bootstrap { get; set; } = new();

    /// <summary>JWT bearer tokens from a shop's identity provider; off unless a signing key is set.</summary>
    [Required]
    public JwtAccessOptions Jwt { get; set; } = new();
}

/// <summary>
/// One admin and one client key that exist because configuration says so: they need no database to
/// be checked, are not listed by <c>/api/keys</c> and are rotated by changing the configuration.
/// </summary>
public sealed class BootstrapKeyOptions
{
    public const string AdminId = "bootstrap-admin";
    public const string ClientId = "bootstrap-client";

    [MinLength(24)]
    public string? AdminKey { get; set; }

    [MinLength(24)]
    public string? ClientKey { get; set; }
}

/// <summary>Issuer, audience and signing key of accepted JWTs (HMAC-SHA256, the key base64).</summary>
public sealed class JwtAccessOptions
{
    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public string? SigningKey { get; set; }

    public bool IsEnabled => !string.IsNullOrEmpty(SigningKey);
}

using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orleans.Stock.Webhooks;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.UnitTests.Webhooks;

public sealed class SecretSealerTests
{
    [Fact]
    public void A_sealed_secret_opens_only_with_its_key_and_does_not_show_the_secret()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var sealer = new SecretSealer(Options.Create(new WebhookOptions { SecretKey = key }));
        var secret = WebhookSecret.New();
        var stored = sealer.Seal(secret);
        Assert.DoesNotContain(secret[6..], stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, sealer.Seal(secret));
        Assert.Equal(secret, sealer.Open(stored));

        var other = new SecretSealer(Options.Create(new WebhookOptions { SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        Assert.ThrowsAny<CryptographicException>(() => other.Open(stored));
        Assert.Throws<InvalidOperationException>(() => new SecretSealer(Options.Create(new WebhookOptions())).Open(stored));
    }

    [Fact]
    public void Without_a_key_secrets_are_stored_marked_plain_and_still_open()
    {
        var sealer = new SecretSealer(Options.Create(new WebhookOptions()));
        var secret = WebhookSecret.New();
        Assert.Equal(secret, sealer.Open(sealer.Seal(secret)));
        Assert.Throws<FormatException>(() => sealer.Open(secret));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("AAAA")]
    public void A_key_that_is_not_32_bytes_of_base64_is_refused(string key)
    {
        Assert.Null(SecretSealer.KeyOf(key));
        var results = new WebhookOptions { SecretKey = key }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object()));
        Assert.NotEmpty(results);
    }
}

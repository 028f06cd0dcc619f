using System.Security.Cryptography;
using System.Text;
using Orleans.Stock.Webhooks.Signing;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.UnitTests.Webhooks;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks reference libraries' test vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Signs_the_reference_vector_as_the_reference_libraries_do() =>
        Assert.Equal(Expected, WebhookSigner.Sign(WebhookSecret.KeyOf(Secret), Id, Timestamp, Body));

    [Fact]
    public void Verifies_its_own_signature_among_several_and_refuses_any_change()
    {
        var key = WebhookSecret.KeyOf(Secret);
        Assert.True(WebhookSigner.Verify(key, Id, Timestamp, Body, Expected));
        Assert.True(WebhookSigner.Verify(key, Id, Timestamp, Body, "v1,bm90IGl0 " + Expected));
        Assert.False(WebhookSigner.Verify(key, Id, Timestamp, Body + " ", Expected));
        Assert.False(WebhookSigner.Verify(key, Id, Timestamp + 1, Body, Expected));
        Assert.False(WebhookSigner.Verify(key, Id + "x", Timestamp, Body, Expected));
        Assert.False(WebhookSigner.Verify(WebhookSecret.KeyOf(WebhookSecret.New()), Id, Timestamp, Body, Expected));
        Assert.False(WebhookSigner.Verify(key, Id, Timestamp, Body, "v2," + Expected[3..]));
        Assert.False(WebhookSigner.Verify(key, Id, Timestamp, Body, "v1,not base64!"));
    }

    [Fact]
    public void A_new_secret_is_whsec_and_base64_of_32_random_bytes()
    {
        var first = WebhookSecret.New();
        var second = WebhookSecret.New();
        Assert.StartsWith("whsec_", first, StringComparison.Ordinal);
        Assert.Equal(32, WebhookSecret.KeyOf(first).Length);
        Assert.NotEqual(first, second);
        Assert.Throws<FormatException>(() => WebhookSecret.KeyOf("sk_" + first[6..]));
    }

    [Fact]
    public void The_signature_is_hmac_sha256_of_id_timestamp_and_body()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("evt_1.42.{}"));
        Assert.Equal("v1," + Convert.ToBase64String(mac), WebhookSigner.Sign(key, "evt_1", 42, "{}"));
    }
}

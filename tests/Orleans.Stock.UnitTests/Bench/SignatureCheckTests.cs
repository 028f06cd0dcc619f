using System.Security.Cryptography;
using Orleans.Stock.Bench.Delivery;
using Orleans.Stock.Webhooks.Signing;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>The load generator's receiver checks signatures as docs/api.md states them, and so accepts what the service's signer makes.</summary>
public class SignatureCheckTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private const string Body = """{"id":"evt_1","type":"reservation.created"}""";

    [Fact]
    public void A_signature_of_the_services_signer_verifies()
    {
        var header = WebhookSigner.Sign(Key, "evt_1", 1_764_633_600, Body);

        Assert.True(SignatureCheck.Verify(Key, "evt_1", "1764633600", Body, header));
        Assert.True(SignatureCheck.Verify(Key, "evt_1", "1764633600", Body, "v1,bm90LXRoaXM= " + header));
    }

    [Fact]
    public void Another_body_id_timestamp_or_key_does_not()
    {
        var header = WebhookSigner.Sign(Key, "evt_1", 1_764_633_600, Body);

        Assert.False(SignatureCheck.Verify(Key, "evt_1", "1764633600", Body + " ", header));
        Assert.False(SignatureCheck.Verify(Key, "evt_2", "1764633600", Body, header));
        Assert.False(SignatureCheck.Verify(Key, "evt_1", "1764633601", Body, header));
        Assert.False(SignatureCheck.Verify(RandomNumberGenerator.GetBytes(32), "evt_1", "1764633600", Body, header));
        Assert.False(SignatureCheck.Verify(Key, "evt_1", "1764633600", Body, null));
    }

    [Fact]
    public void The_key_is_the_secret_without_its_prefix_decoded()
    {
        Assert.Equal(Key, SignatureCheck.KeyOf("whsec_" + Convert.ToBase64String(Key)));
        Assert.Null(SignatureCheck.KeyOf(Convert.ToBase64String(Key)));
        Assert.Null(SignatureCheck.KeyOf("whsec_not base64!"));
        Assert.Null(SignatureCheck.KeyOf(null));
    }
}

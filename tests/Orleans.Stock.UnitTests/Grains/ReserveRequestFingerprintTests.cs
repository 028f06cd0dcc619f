using Orleans.Stock.Abstractions;

namespace Orleans.Stock.UnitTests.Grains;

public sealed class ReserveRequestFingerprintTests
{
    [Fact]
    public void The_fingerprint_is_the_stored_format_so_a_new_build_still_matches_old_ledger_rows()
    {
        // First 8 bytes (little endian) of SHA-256("3\n900\nuser-1") and of SHA-256("1\n60\nalice"), computed outside .NET.
        Assert.Equal(7064825724496266167L, ReserveRequestFingerprint.Of(new ReserveRequest(3, "user-1", 900, "k")));
        Assert.Equal(-4412595972960301750L, ReserveRequestFingerprint.Of(new ReserveRequest(1, "alice", 60, null)));
    }

    [Fact]
    public void Only_the_body_counts_not_the_key_or_the_unused_voucher()
    {
        var a = ReserveRequestFingerprint.Of(new ReserveRequest(3, "user-1", 900, "key-1"));
        var b = ReserveRequestFingerprint.Of(new ReserveRequest(3, "user-1", 900, "key-2", KeyIsUnused: true));
        var c = ReserveRequestFingerprint.Of(new ReserveRequest(3, "user-1", 900, null));

        Assert.Equal(a, b);
        Assert.Equal(a, c);
    }

    [Theory]
    [InlineData(4, "user-1", 900)]
    [InlineData(3, "user-2", 900)]
    [InlineData(3, "user-1", 901)]
    [InlineData(3, "User-1", 900)]
    [InlineData(3, "user-1 ", 900)]
    public void Any_change_of_quantity_ttl_or_user_changes_it(int quantity, string userId, int ttlSeconds)
    {
        var original = ReserveRequestFingerprint.Of(new ReserveRequest(3, "user-1", 900, "key-1"));

        Assert.NotEqual(original, ReserveRequestFingerprint.Of(new ReserveRequest(quantity, userId, ttlSeconds, "key-1")));
    }

    [Fact]
    public void Fields_are_separated_so_moving_digits_between_them_changes_it()
    {
        Assert.NotEqual(
            ReserveRequestFingerprint.Of(new ReserveRequest(1, "9", 23, null)),
            ReserveRequestFingerprint.Of(new ReserveRequest(12, "9", 3, null)));
        Assert.NotEqual(
            ReserveRequestFingerprint.Of(new ReserveRequest(1, "29", 2, null)),
            ReserveRequestFingerprint.Of(new ReserveRequest(1, "9", 22, null)));
    }
}

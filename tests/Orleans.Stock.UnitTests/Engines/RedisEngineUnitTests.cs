using System.ComponentModel.DataAnnotations;
using Orleans.Stock.Engines.Redis;

namespace Orleans.Stock.UnitTests.Engines;

/// <summary>The engine's pieces that need no server.</summary>
public sealed class RedisEngineUnitTests
{
    [Fact]
    public void Options_refuse_a_retention_shorter_than_the_idempotency_key_ttl()
    {
        var options = new RedisEngineOptions { IdempotencyKeyTtl = TimeSpan.FromHours(48), CompletedRetention = TimeSpan.FromHours(25) };

        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(RedisEngineOptions.CompletedRetention)));
        var defaults = new RedisEngineOptions();
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), [], validateAllProperties: true));
    }

    [Fact]
    public void Options_refuse_a_key_ttl_under_the_24_hours_api_md_promises()
    {
        var options = new RedisEngineOptions { IdempotencyKeyTtl = TimeSpan.FromHours(1) };
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Theory]
    [InlineData("5-3", "5-2", 1)]
    [InlineData("5-3", "6-0", -1)]
    [InlineData("1795626475041-0", "1795626475041-0", 0)]
    public void Stream_ids_order_as_redis_orders_them(string left, string right, int sign) =>
        Assert.Equal(sign, Math.Sign(ChangeStreamId.Parse(left).CompareTo(ChangeStreamId.Parse(right))));

    [Fact]
    public void The_next_stream_id_is_the_smallest_after_it()
    {
        Assert.Equal("7-1", ChangeStreamId.Parse("7-0").Next().ToString());
        Assert.Equal("8-0", new ChangeStreamId(7, long.MaxValue).Next().ToString());
    }

    [Fact]
    public void The_gate_ignores_an_open_from_a_reconciliation_that_a_later_close_overtook()
    {
        var gate = new RedisRecoveryGate();
        var first = gate.Generation;
        Assert.False(gate.IsOpen);
        Assert.True(gate.Closed.IsCompleted);

        gate.Close();
        Assert.False(gate.Open(first));
        Assert.False(gate.IsOpen);
        Assert.True(gate.Open(gate.Generation));
        Assert.True(gate.IsOpen);
        Assert.False(gate.Closed.IsCompleted);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orleans.Stock.Grains.Stock;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>
/// The silo binds <see cref="StockGrainOptions"/> from <c>Stock:Grain</c> and validates them with
/// <c>ValidateDataAnnotations()</c>, which runs <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/>
/// over all properties: the same check is made here.
/// </summary>
public sealed class StockGrainOptionsTests
{
    private static StockGrainOptions Bind(string property, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StockGrainOptions.Section}:{property}"] = value })
            .Build();
        var options = new StockGrainOptions();
        configuration.GetSection(StockGrainOptions.Section).Bind(options);
        return options;
    }

    private static List<ValidationResult> Validate(StockGrainOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new StockGrainOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(1_000, options.MaxBatchCommands);
        Assert.Equal(2_000, options.MaxBatchEvents);
        Assert.Equal(1_000, options.SnapshotEvery);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ExpirySlack);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ExpiryReminderPeriod);
        Assert.Equal(3, options.ConflictRetries);
        Assert.Equal(100_000, options.FinishedCapacity);
        Assert.Equal(TimeSpan.FromMinutes(10), options.FinishedRetention);
        Assert.True(options.WriteEvents);
    }

    [Fact]
    public void The_outbox_can_be_switched_off_for_a_side_by_side_measurement()
    {
        Assert.False(Bind(nameof(StockGrainOptions.WriteEvents), "false").WriteEvents);
        Assert.True(Bind(nameof(StockGrainOptions.WriteEvents), "true").WriteEvents);
    }

    [Theory]
    [InlineData(nameof(StockGrainOptions.MaxBatchCommands), "0")]
    [InlineData(nameof(StockGrainOptions.MaxBatchCommands), "100001")]
    [InlineData(nameof(StockGrainOptions.MaxBatchEvents), "0")]
    [InlineData(nameof(StockGrainOptions.MaxBatchEvents), "-5")]
    [InlineData(nameof(StockGrainOptions.MaxBatchEvents), "100001")]
    [InlineData(nameof(StockGrainOptions.SnapshotEvery), "0")]
    [InlineData(nameof(StockGrainOptions.SnapshotEvery), "10000001")]
    [InlineData(nameof(StockGrainOptions.ExpirySlack), "-00:00:00.001")]
    [InlineData(nameof(StockGrainOptions.ExpirySlack), "00:00:01.501")]
    [InlineData(nameof(StockGrainOptions.ExpirySlack), "00:00:02")]
    [InlineData(nameof(StockGrainOptions.ExpiryReminderPeriod), "00:00:00.999")]
    [InlineData(nameof(StockGrainOptions.ExpiryReminderPeriod), "01:00:01")]
    [InlineData(nameof(StockGrainOptions.ConflictRetries), "-1")]
    [InlineData(nameof(StockGrainOptions.ConflictRetries), "11")]
    [InlineData(nameof(StockGrainOptions.FinishedCapacity), "-1")]
    [InlineData(nameof(StockGrainOptions.FinishedCapacity), "10000001")]
    [InlineData(nameof(StockGrainOptions.FinishedRetention), "-00:00:01")]
    [InlineData(nameof(StockGrainOptions.FinishedRetention), "1.00:00:01")]
    public void Values_out_of_range_are_refused_naming_the_setting(string property, string value)
    {
        var options = Bind(property, value);

        var result = Assert.Single(Validate(options));

        Assert.Equal([property], result.MemberNames);
    }

    [Theory]
    [InlineData(nameof(StockGrainOptions.MaxBatchCommands), "1")]
    [InlineData(nameof(StockGrainOptions.MaxBatchCommands), "100000")]
    [InlineData(nameof(StockGrainOptions.MaxBatchEvents), "1")]
    [InlineData(nameof(StockGrainOptions.MaxBatchEvents), "100000")]
    [InlineData(nameof(StockGrainOptions.SnapshotEvery), "1")]
    [InlineData(nameof(StockGrainOptions.SnapshotEvery), "10000000")]
    [InlineData(nameof(StockGrainOptions.ExpirySlack), "00:00:00")]
    [InlineData(nameof(StockGrainOptions.ExpirySlack), "00:00:01.500")]
    [InlineData(nameof(StockGrainOptions.ExpiryReminderPeriod), "00:00:01")]
    [InlineData(nameof(StockGrainOptions.ExpiryReminderPeriod), "01:00:00")]
    [InlineData(nameof(StockGrainOptions.ConflictRetries), "0")]
    [InlineData(nameof(StockGrainOptions.ConflictRetries), "10")]
    [InlineData(nameof(StockGrainOptions.FinishedCapacity), "0")]
    [InlineData(nameof(StockGrainOptions.FinishedCapacity), "10000000")]
    [InlineData(nameof(StockGrainOptions.FinishedRetention), "00:00:00")]
    [InlineData(nameof(StockGrainOptions.FinishedRetention), "1.00:00:00")]
    public void The_bounds_themselves_are_accepted(string property, string value)
    {
        var options = Bind(property, value);

        Assert.Empty(Validate(options));
        var setting = typeof(StockGrainOptions).GetProperty(property)!;
        object expected = setting.PropertyType == typeof(TimeSpan)
            ? TimeSpan.Parse(value, CultureInfo.InvariantCulture)
            : int.Parse(value, CultureInfo.InvariantCulture);
        Assert.Equal(expected, setting.GetValue(options));
    }

    [Fact]
    public void Every_bad_setting_is_reported_not_only_the_first()
    {
        var options = new StockGrainOptions { MaxBatchCommands = 0, ExpirySlack = TimeSpan.FromSeconds(-1), ConflictRetries = 99 };

        var members = Validate(options).SelectMany(r => r.MemberNames).Order(StringComparer.Ordinal);

        Assert.Equal(
            [nameof(StockGrainOptions.ConflictRetries), nameof(StockGrainOptions.ExpirySlack), nameof(StockGrainOptions.MaxBatchCommands)],
            members);
    }
}

using Npgsql;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Grains.Ledger;
using StackExchange.Redis;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>Which PostgreSQL refusals are the data's fault (split the batch, set the change aside) and which are not.</summary>
public sealed class LedgerDataErrorTests
{
    [Theory]
    [InlineData("22021", true)]  // invalid byte sequence (a U+0000)
    [InlineData("22P05", true)]  // untranslatable character
    [InlineData("22001", true)]  // value too long
    [InlineData("23502", true)]  // not null violation
    [InlineData("23505", false)] // unique violation: the ledger's own version/key conflict
    [InlineData("40001", false)] // serialization failure: retry, not the data
    [InlineData("08006", false)] // connection failure
    [InlineData("57014", false)] // query cancelled
    public void Data_errors_of_a_ledger_append(string sqlState, bool isData) =>
        Assert.Equal(isData, LedgerDataException.IsDataError(new PostgresException("m", "ERROR", "ERROR", sqlState)));

    [Theory]
    [InlineData("22021", true)]
    [InlineData("23505", true)] // the write-behind has no conflict of its own to answer: a key clash is set aside too
    [InlineData("40001", false)]
    [InlineData("08006", false)]
    public void Data_errors_of_the_write_behind(string sqlState, bool isData) =>
        Assert.Equal(isData, SyncDeadLetterStore.IsDataError(new PostgresException("m", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_dead_letter_keeps_the_raw_change_in_printable_ascii()
    {
        var entry = new StreamEntry("1732800000000-0", [new("sku", "A-1"), new("u", "a\0b\"\\é")]);

        var letter = SyncDeadLetterStore.Of(entry, "22021", "bad \0 byte");

        Assert.Equal("1732800000000-0", letter.EntryId);
        Assert.Equal("A-1", letter.Sku);
        Assert.Equal("""{"sku":"A-1","u":"a\u0000b\"\\\u00e9"}""", letter.Change);
        Assert.Equal("bad \\u0000 byte", letter.Error);
        Assert.All(letter.Change, c => Assert.InRange(c, ' ', '~'));
        Assert.Null(SyncDeadLetterStore.Of(new StreamEntry("1-0", [new("sku", "A\n")]), "22021", "e").Sku);
    }
}

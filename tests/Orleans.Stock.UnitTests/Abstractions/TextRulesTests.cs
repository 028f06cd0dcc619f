using Orleans.Stock.Abstractions;

namespace Orleans.Stock.UnitTests.Abstractions;

/// <summary>The one rule for text that may reach storage (docs/api.md, "Limits").</summary>
public sealed class TextRulesTests
{
    // By index: xunit carries theory strings through a serializer that turns a lone surrogate into U+FFFD.
    private static readonly string[] Hostile =
    [
        "a\u0000b", "a\rb", "a\nb", "a\tb", "a\u001bb", "a\u007fb", "a\u0085b", "a\u009fb", "end\n",
        "lone \ud800 high", "lone \udc00 low", "high at end \ud83d", "reversed \ude00\ud83d pair",
    ];

    public static TheoryData<int> HostileIndexes => [.. Enumerable.Range(0, Hostile.Length)];

    [Theory]
    [MemberData(nameof(HostileIndexes))]
    public void Control_characters_and_unpaired_surrogates_are_not_clean(int index) => Assert.False(TextRules.IsClean(Hostile[index]), $"case {index}");

    [Theory]
    [InlineData("user-42")]
    [InlineData("Blue mug, 0.5 l")]
    [InlineData("Kaffeebecher Größe M")]
    [InlineData("emoji \ud83d\ude00 pair")]
    [InlineData("\u00a0no-break space (U+00A0 is past the C1 range)")]
    public void Ordinary_text_is_clean(string value) => Assert.True(TextRules.IsClean(value));

    [Theory]
    [InlineData("NL\n")]
    [InlineData("NL\r\n")]
    [InlineData("\nNL")]
    [InlineData("")]
    public void Sku_and_id_patterns_cover_the_whole_value(string value)
    {
        Assert.False(TextRules.IsSku(value));
        Assert.False(TextRules.IsId(value));
        Assert.False(TextRules.IsIdempotencyKeyOrNone(value));
    }

    [Fact]
    public void Well_formed_values_match()
    {
        Assert.True(TextRules.IsSku("NL.1_a-B"));
        Assert.True(TextRules.IsId("01a233372509775eb4749c89aac3c23b"));
        Assert.True(TextRules.IsIdempotencyKeyOrNone("order-17"));
        Assert.True(TextRules.IsIdempotencyKeyOrNone(null));
    }

    [Fact]
    public void A_reservation_request_is_clean_only_with_a_clean_user_and_key()
    {
        Assert.True(TextRules.IsClean(new ReserveRequest(1, "u", 900, "k")));
        Assert.False(TextRules.IsClean(new ReserveRequest(1, "a\u0000b", 900, null)));
        Assert.False(TextRules.IsClean(new ReserveRequest(1, "u", 900, "k\n")));
        Assert.False(TextRules.IsClean(new ReserveRequest(1, "", 900, null)));
    }
}

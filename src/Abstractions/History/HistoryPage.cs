namespace Orleans.Stock.Abstractions;

/// <summary>A page of history in version order; <see cref="Next"/> is the <c>afterVersion</c> of the next page, null at the end.</summary>
[GenerateSerializer, Immutable, Alias("stock.HistoryPage")]
public sealed record HistoryPage(
    [property: Id(0)] IReadOnlyList<HistoryItem> Items,
    [property: Id(1)] long? Next)
{
    /// <summary>Builds the page from up to <paramref name="limit"/> + 1 items read: the extra one only says there is more.</summary>
    public static HistoryPage From(IReadOnlyList<HistoryItem> readOneMore, int limit) =>
        readOneMore.Count > limit
            ? new HistoryPage(readOneMore.Take(limit).ToArray(), readOneMore[limit - 1].Version)
            : new HistoryPage(readOneMore, null);
}

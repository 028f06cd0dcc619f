using System.Text.Json;

namespace Orleans.Stock.Tests.Events;

/// <summary>
/// Folds a product's history (docs/api.md, "History") back into counters, the way a consumer that
/// missed the product would: if the result differs from the product, a change was lost or invented.
/// </summary>
public static class HistoryReplay
{
    public sealed record Counters(long OnHand, long Available, long Reserved, long Sold);

    public static Counters Fold(IEnumerable<JsonElement> items)
    {
        long available = 0, reserved = 0, sold = 0;
        foreach (var item in items)
        {
            var quantity = item.GetProperty("quantity").GetInt64();
            switch (item.GetProperty("kind").GetString())
            {
                case "created" or "restocked" or "adjusted":
                    available += quantity;
                    break;
                case "reserved":
                    available -= quantity;
                    reserved += quantity;
                    break;
                case "confirmed":
                    reserved -= quantity;
                    sold += quantity;
                    break;
                case "cancelled" or "expired":
                    reserved -= quantity;
                    available += quantity;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown history kind in {item}.");
            }
        }

        return new Counters(available + reserved, available, reserved, sold);
    }

    public static Counters Of(JsonElement product) => new(
        product.GetProperty("onHand").GetInt64(), product.GetProperty("available").GetInt64(),
        product.GetProperty("reserved").GetInt64(), product.GetProperty("sold").GetInt64());
}

namespace Orleans.Stock.Carts;

/// <summary>A cart to reserve, validated by the caller: distinct SKUs, in the order the client gave them.</summary>
public sealed record CartOrder(string UserId, int TtlSeconds, IReadOnlyList<CartOrderLine> Lines);

/// <summary>One line of a <see cref="CartOrder"/>.</summary>
public sealed record CartOrderLine(string Sku, int Quantity);

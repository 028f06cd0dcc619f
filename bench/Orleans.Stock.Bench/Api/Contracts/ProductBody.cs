namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>A product read back for the audit. <c>initialStock</c> and <c>restocked</c> are this server's
/// compatible additions to docs/api.md; null when a server does not send them.</summary>
public sealed record ProductBody(
    string Sku,
    string? Engine,
    long OnHand,
    long Available,
    long Reserved,
    long Sold,
    long Version,
    long? InitialStock,
    long? Restocked);

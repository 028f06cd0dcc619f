namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>GET /api/keys</c>: every stored key, revoked ones included, without secrets.</summary>
public sealed record KeyList(IReadOnlyList<KeyResponse> Items);

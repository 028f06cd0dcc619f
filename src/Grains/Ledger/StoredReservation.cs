using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Grains.Ledger;

/// <summary>A reservation folded from its ledger rows, with what idempotent replays compare.</summary>
public sealed record StoredReservation(ReservationView View, string? IdempotencyKey, long? RequestHash);

namespace Orleans.Stock.Abstractions;

/// <summary>
/// Who made a reservation: an opaque owner (the caller's API key id), recorded with it. A caller
/// that names an owner sees only its own reservations; null is an admin (any owner). Idempotency
/// keys are scoped per owner: every engine stores <see cref="ScopeKey"/>, never the raw key.
/// </summary>
public static class ReservationOwner
{
    /// <summary>
    /// The key as stored: unchanged without an owner (requests from before ownership keep their
    /// keys), else <c>{length}:{owner} {key}</c>. A client's key has no spaces, so a scoped key never
    /// equals an unscoped one, and the length prefix keeps two owners apart.
    /// </summary>
    public static string? ScopeKey(string? owner, string? key) =>
        owner is null || key is null ? key : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{owner.Length}:{owner} {key}");

    /// <summary>Whether <paramref name="caller"/> may see a reservation recorded with <paramref name="recorded"/>.</summary>
    public static bool Allows(string? caller, string? recorded) => caller is null || string.Equals(caller, recorded, StringComparison.Ordinal);
}

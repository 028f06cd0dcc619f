using Orleans.Stock.Bench.Api.Contracts;

namespace Orleans.Stock.Bench.Audit;

/// <summary>
/// Whether the server's counters agree with what the clients were told (no lost acknowledgement, no
/// stock taken that nobody was told about). Let A, C, X be the units acknowledged by reserve, confirm
/// and cancel, and Ur, Uc, Ux the units of those requests whose effect is unknown (timeout, lost
/// connection, 5xx). Each unknown may or may not have been applied, so it widens the range by its size.
/// <list type="bullet">
/// <item>Always: <c>C &lt;= sold &lt;= C + Uc</c>. Confirmed units never come back, expiry or not.</item>
/// <item>No reservation can have expired yet (every read happened before the first reserve's TTL ran
/// out): <c>A - X - Ux &lt;= reserved + sold &lt;= A - X + Ur</c>, i.e. exactly acknowledged minus
/// cancelled when nothing was unknown.</item>
/// <item>Expiry possible: abandoned reservations may have been released, so only upper bounds hold:
/// <c>reserved &lt;= A - C - X + Ur</c> (pending as the clients know it) and
/// <c>reserved + sold &lt;= A - X + Ur</c>.</item>
/// </list>
/// </summary>
public static class AcknowledgementRule
{
    public const string Exact = "C <= sold <= C+Uc and A-X-Ux <= reserved+sold <= A-X+Ur";
    public const string ExpiryAware = "C <= sold <= C+Uc, reserved <= A-C-X+Ur, reserved+sold <= A-X+Ur";

    public static IEnumerable<string> Check(ProductBody product, ClientView client, bool expiryPossible)
    {
        if (product.Sold < client.Confirmed || product.Sold > client.Confirmed + client.ConfirmUnknown)
        {
            yield return $"sold {product.Sold} but clients saw {client.Confirmed} confirmed (+{client.ConfirmUnknown} unknown)";
        }

        var taken = product.Reserved + product.Sold;
        var upper = client.Acknowledged - client.Cancelled + client.ReserveUnknown;
        if (expiryPossible)
        {
            if (product.Reserved > client.PendingAcknowledged + client.ReserveUnknown)
            {
                yield return $"reserved {product.Reserved} exceeds the {client.PendingAcknowledged} units pending as clients know it (+{client.ReserveUnknown} unknown)";
            }

            if (taken > upper)
            {
                yield return $"reserved + sold {taken} exceeds acknowledged - cancelled + unknown = {upper}";
            }

            yield break;
        }

        var lower = client.Acknowledged - client.Cancelled - client.CancelUnknown;
        if (taken < lower || taken > upper)
        {
            yield return $"reserved + sold {taken} but clients saw {client.Acknowledged} acknowledged - {client.Cancelled} cancelled (allowed {lower}..{upper})";
        }
    }
}

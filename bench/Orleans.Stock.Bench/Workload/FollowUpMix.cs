namespace Orleans.Stock.Bench.Workload;

/// <summary>Shares of successful reservations that are confirmed or cancelled; the rest are abandoned.</summary>
public sealed record FollowUpMix(double Confirm, double Cancel)
{
    public double Abandon => Math.Max(0, 1 - Confirm - Cancel);

    public string? Validate() =>
        Confirm < 0 || Cancel < 0 || Confirm + Cancel > 1 + 1e-9
            ? "--confirm and --cancel are fractions in 0..1 whose sum is at most 1"
            : null;

    public FollowUp Next()
    {
        if (Confirm == 0 && Cancel == 0)
        {
            return FollowUp.Abandon;
        }

        var draw = Random.Shared.NextDouble();
        return draw < Confirm ? FollowUp.Confirm
            : draw < Confirm + Cancel ? FollowUp.Cancel
            : FollowUp.Abandon;
    }
}

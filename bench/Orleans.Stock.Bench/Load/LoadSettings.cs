namespace Orleans.Stock.Bench.Load;

/// <summary>How hard and how long the clients push.</summary>
/// <param name="Rate">Reserve requests per second (open model).</param>
/// <param name="Users">Concurrent users (closed model).</param>
/// <param name="MaxInFlight">Open model: sessions allowed in flight before a scheduled request counts
/// as <c>client-overload</c> instead of queueing, so a stalled server shows as errors, not as a
/// silently lower offered rate.</param>
/// <param name="Warmup">Load at the same rate/users before measuring (JIT, connection pool, grain
/// activation); its reservations are audited but not measured.</param>
public sealed record LoadSettings(LoadModel Model, double? Rate, int? Users, TimeSpan Duration, int MaxInFlight, TimeSpan Warmup);

using System.Diagnostics;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// N users in loops, each starting its next session when the previous one ended (Locust's model).
/// Throughput here is whatever the server allows; latency counts from each actual send, since a closed
/// loop has no schedule to fall behind.
/// </summary>
public sealed class ClosedModelDriver(ISessionFlow flow, LoadStats stats, int users, TimeSpan duration) : ILoadModel
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task[users];
        for (var user = 0; user < users; user++)
        {
            var id = user;
            loops[user] = Task.Run(() => LoopAsync(id, deadline, cancellationToken), CancellationToken.None);
        }

        await Task.WhenAll(loops);
    }

    private async Task LoopAsync(int user, long deadline, CancellationToken cancellationToken)
    {
        while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            stats.Scheduled();
            try
            {
                await flow.RunAsync(Stopwatch.GetTimestamp(), user);
            }
            catch (Exception e)
            {
                stats.RecordClientFault(e);
            }
        }
    }
}

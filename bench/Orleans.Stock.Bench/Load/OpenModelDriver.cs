using System.Diagnostics;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// Constant arrival rate: session <c>i</c> is due at <c>start + i / rate</c> and is launched then,
/// whether or not earlier ones have answered. A slow server therefore meets a growing queue, exactly
/// as it would from real shoppers, and every request's latency counts from its due time.
/// </summary>
public sealed class OpenModelDriver(ISessionFlow flow, LoadStats stats, InFlightGate gate, double rate, TimeSpan duration) : ILoadModel
{
    // .NET's timers (Task.Delay, PeriodicTimer) run on the coarse monotonic clock, 4 ms steps on a
    // HZ=250 kernel: sessions would leave up to 4 ms late, and that lateness is charged to the server.
    // A thread of its own sleeping in 1 ms nanosleeps keeps the schedule within about a millisecond
    // (the send lag the report shows) without spinning a core away from the server under test.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            try
            {
                Schedule(cancellationToken);
                finished.SetResult();
            }
            catch (Exception e)
            {
                finished.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "open-model scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        scheduler.Start();
        return finished.Task;
    }

    private void Schedule(CancellationToken cancellationToken)
    {
        var total = (long)Math.Round(rate * duration.TotalSeconds);
        var ticksPerSession = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        long launched = 0;

        while (launched < total && !cancellationToken.IsCancellationRequested)
        {
            var due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - start) / ticksPerSession) + 1);
            for (; launched < due; launched++)
            {
                Launch(start + (long)(launched * ticksPerSession), launched);
            }

            if (launched < total)
            {
                var next = start + (long)(launched * ticksPerSession);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                Thread.Sleep(wait > Tick ? wait : Tick);
            }
        }
    }

    private void Launch(long dueTimestamp, long sequence)
    {
        stats.Scheduled();
        if (!gate.TryEnter())
        {
            stats.RecordOverload();
            return;
        }

        // On the thread pool rather than inline: the scheduler keeps its clock whatever a send costs
        // before its first await, and both cores share the work.
        var user = (int)(sequence % int.MaxValue);
        _ = Task.Run(async () =>
        {
            try
            {
                await flow.RunAsync(dueTimestamp, user);
            }
            catch (Exception e)
            {
                stats.RecordClientFault(e);
            }
            finally
            {
                gate.Exit();
            }
        });
    }
}

namespace Orleans.Stock.Bench.Load;

/// <summary>Drives reservation sessions for the run's duration; returns once every session it started has ended.</summary>
public interface ILoadModel
{
    Task RunAsync(CancellationToken cancellationToken);
}

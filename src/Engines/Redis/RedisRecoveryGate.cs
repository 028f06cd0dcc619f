namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Holds requests back while Redis is reconciled with PostgreSQL: closed at start-up and whenever
/// the connection to Redis drops (Redis may come back having lost changes PostgreSQL already has),
/// opened by <see cref="RedisRecoveryWorker"/> once reconciled. A request never acts on a Redis that
/// may be behind PostgreSQL.
/// </summary>
public sealed class RedisRecoveryGate
{
    private readonly Lock _lock = new();
    private volatile TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _generation;

    public RedisRecoveryGate() => _closed.SetResult();

    public bool IsOpen => _open.Task.IsCompleted;

    /// <summary>Changes on every close, so an open based on an older reconciliation is ignored.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Completes when the gate is (or next becomes) closed.</summary>
    public Task Closed
    {
        get
        {
            lock (_lock)
            {
                return _closed.Task;
            }
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _generation++;
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _closed.TrySetResult();
        }
    }

    /// <summary>Opens the gate if nothing closed it since <paramref name="generation"/> was read; false otherwise.</summary>
    public bool Open(long generation)
    {
        lock (_lock)
        {
            if (generation != _generation)
            {
                return false;
            }

            if (_closed.Task.IsCompleted)
            {
                _closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _open.TrySetResult();
            return true;
        }
    }

    /// <summary>True once open; false if it stayed closed for <paramref name="timeout"/>.</summary>
    public async ValueTask<bool> WaitOpenAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task open;
        lock (_lock)
        {
            open = _open.Task;
        }

        if (open.IsCompleted)
        {
            return true;
        }

        try
        {
            await open.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}

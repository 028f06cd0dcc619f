namespace Orleans.Stock.Bench.Terminal;

/// <summary>
/// What a run is doing now, for the live line. The run sets a phase and, optionally, a function that
/// describes its progress; the display polls <see cref="Describe"/> from its own thread.
/// </summary>
public sealed class RunProgress
{
    private volatile string _phase = "starting";
    private volatile Func<string>? _detail;

    public void Enter(string phase, Func<string>? detail = null)
    {
        _detail = detail;
        _phase = phase;
    }

    public string Describe() => _detail is { } detail ? $"{_phase}: {detail()}" : _phase;
}

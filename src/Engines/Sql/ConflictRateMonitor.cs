using Microsoft.Extensions.Options;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// The optimistic conflict rate over a sliding window (per-second buckets), and the guide's
/// warning: logged once when the rate crosses the threshold and once when it falls back under it.
/// Threshold and window are live settings: a reload applies from the next request (a new window
/// length starts from an empty window).
/// </summary>
public sealed partial class ConflictRateMonitor
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<SqlEngineOptions> _options;
    private readonly ILogger<ConflictRateMonitor> _logger;
    private long[] _attempts = [];
    private long[] _conflicts = [];
    private long[] _second = [];
    private bool _above;

    public ConflictRateMonitor(TimeProvider time, IOptionsMonitor<SqlEngineOptions> options, ILogger<ConflictRateMonitor> logger)
    {
        _time = time;
        _options = options;
        _logger = logger;
        Resize(options.CurrentValue.ConflictWindow);
    }

    /// <summary>The rate above which the warning is logged (and the dashboard raises its alert).</summary>
    public double Threshold => _options.CurrentValue.ConflictWarningThreshold;

    public TimeSpan Window => _options.CurrentValue.ConflictWindow;

    /// <summary>Conflicts per optimistic attempt within the window (0 when there were none).</summary>
    public double Rate
    {
        get
        {
            lock (_gate)
            {
                return RateAt(_time.GetUtcNow().ToUnixTimeSeconds());
            }
        }
    }

    public void Record(bool conflict)
    {
        bool? crossed = null;
        double rate;
        var options = _options.CurrentValue;
        lock (_gate)
        {
            Resize(options.ConflictWindow);
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            var slot = (int)(now % _attempts.Length);
            if (_second[slot] != now)
            {
                _second[slot] = now;
                _attempts[slot] = 0;
                _conflicts[slot] = 0;
            }

            _attempts[slot]++;
            if (conflict)
            {
                _conflicts[slot]++;
            }

            rate = RateAt(now);
            var above = rate > options.ConflictWarningThreshold;
            if (above != _above)
            {
                _above = above;
                crossed = above;
            }
        }

        if (crossed == true)
        {
            LogAbove(rate, options.ConflictWarningThreshold, options.ConflictWindow);
        }
        else if (crossed == false)
        {
            LogBelow(rate, options.ConflictWarningThreshold);
        }
    }

    private void Resize(TimeSpan window)
    {
        var buckets = (int)Math.Ceiling(window.TotalSeconds);
        if (buckets != _attempts.Length)
        {
            _attempts = new long[buckets];
            _conflicts = new long[buckets];
            _second = new long[buckets];
        }
    }

    private double RateAt(long now)
    {
        long attempts = 0, conflicts = 0;
        for (var i = 0; i < _attempts.Length; i++)
        {
            if (now - _second[i] < _attempts.Length)
            {
                attempts += _attempts[i];
                conflicts += _conflicts[i];
            }
        }

        return attempts == 0 ? 0 : (double)conflicts / attempts;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Optimistic conflict rate {Rate:P1} is above {Threshold:P0} over the last {Window}: consider pessimistic or the grain engine for hot SKUs.")]
    private partial void LogAbove(double rate, double threshold, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Information, Message = "Optimistic conflict rate {Rate:P1} is back under {Threshold:P0}.")]
    private partial void LogBelow(double rate, double threshold);
}

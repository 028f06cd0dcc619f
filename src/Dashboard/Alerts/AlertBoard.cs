using System.Diagnostics.Metrics;
using Orleans.Stock.Dashboard.Snapshot;

namespace Orleans.Stock.Dashboard.Alerts;

/// <summary>
/// The state of every alert. An alert is active while its value is above its threshold; it is
/// logged once when it starts and once when it clears (never per evaluation), and exported as the
/// gauge <c>stock_dashboard_alert_active{alert}</c> (1 or 0) with a counter of starts, so an
/// external alert manager sees exactly what the page shows.
/// </summary>
public sealed partial class AlertBoard
{
    public const string MeterName = "Orleans.Stock.Dashboard";

    private readonly Dictionary<string, AlertState> _alerts;
    private readonly Counter<long> _raised;
    private readonly ILogger<AlertBoard> _logger;

    public AlertBoard(IMeterFactory meterFactory, ILogger<AlertBoard> logger)
    {
        _logger = logger;
        _alerts = AlertNames.All.ToDictionary(n => n, n => new AlertState(n), StringComparer.Ordinal);
        var meter = meterFactory.Create(MeterName);
        _raised = meter.CreateCounter<long>("stock.dashboard.alert.raised", description: "Times an alert started, by alert.");
        meter.CreateObservableGauge(
            "stock.dashboard.alert.active",
            () => _alerts.Values.Select(a => new Measurement<int>(a.Active ? 1 : 0, new KeyValuePair<string, object?>("alert", a.Name))),
            description: "1 while the alert is active, else 0 (the dashboard's alerts).");
    }

    /// <summary>
    /// Sets an alert from its latest value; null means "no reading" (too little traffic, engine
    /// absent), which clears it. Returns what the page shows.
    /// </summary>
    public AlertView Update(string name, double? value, double threshold, string detail, DateTime now)
    {
        var alert = _alerts[name];
        var active = value is { } v && v > threshold;
        if (active != alert.Active)
        {
            alert.Active = active;
            alert.Since = active ? now : null;
            if (active)
            {
                _raised.Add(1, new KeyValuePair<string, object?>("alert", name));
                LogStarted(name, value!.Value, threshold, detail);
            }
            else
            {
                LogCleared(name, value, threshold);
            }
        }

        return new AlertView(name, alert.Active, value, threshold, detail, alert.Since);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Alert} started: {Value:0.###} is above {Threshold:0.###} ({Detail}).")]
    private partial void LogStarted(string alert, double value, double threshold, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Alert} cleared: {Value:0.###} is back at or under {Threshold:0.###}.")]
    private partial void LogCleared(string alert, double? value, double threshold);

    private sealed class AlertState(string name)
    {
        public string Name { get; } = name;

        public volatile bool Active;

        public DateTime? Since { get; set; }
    }
}

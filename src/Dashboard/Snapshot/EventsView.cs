namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>The events panel: each webhook's health and the last threshold events; null in the snapshot when the read failed.</summary>
public sealed record EventsView(IReadOnlyList<WebhookHealthView> Webhooks, IReadOnlyList<ThresholdEventView> ThresholdEvents);

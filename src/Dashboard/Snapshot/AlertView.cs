namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>One alert as the page shows it.</summary>
public sealed record AlertView(string Name, bool Active, double? Value, double Threshold, string Detail, DateTime? Since);

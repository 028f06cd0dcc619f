namespace Orleans.Stock.Bench.Report;

/// <summary>One line of the report's verdict table: a bar of the issue, what was measured, and whether it held (null: reported, no bar).</summary>
public sealed record BarResult(string Bar, string Measured, bool? Passed);

namespace Orleans.Stock.Bench.Results;

/// <summary>A fault command as it ran: at which second of the load, with what exit code and output.</summary>
public sealed record InjectedFault(string Command, double AtSeconds, int ExitCode, string Output);

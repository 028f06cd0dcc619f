namespace Orleans.Stock.Bench.Cli;

/// <summary>Process exit codes; scripts (CI's quick mode) rely on them. Usage errors exit 1 (System.CommandLine).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run could not start: service unreachable, products not created.</summary>
    public const int SetupFailed = 2;

    /// <summary>The audit found the server disagreeing with the clients or breaking an invariant.</summary>
    public const int AuditFailed = 3;
}

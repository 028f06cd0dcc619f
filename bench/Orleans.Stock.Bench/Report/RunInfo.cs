namespace Orleans.Stock.Bench.Report;

/// <summary>
/// <c>run.json</c>, written by <c>scripts/bench.sh</c>: how, when, where and from which commit the
/// results were produced, so the report can say it and a reader can reproduce it.
/// </summary>
/// <param name="GitChangedFiles">Files that differed from <paramref name="GitCommit"/> when the run
/// started (the service was built from the working tree, not from the commit alone).</param>
public sealed record RunInfo(
    string Command,
    string Mode,
    string StartedAt,
    string FinishedAt,
    string GitCommit,
    int GitChangedFiles,
    int Nproc,
    long MemTotalKb,
    string CpuModel,
    string Kernel,
    string Dotnet,
    string Postgres,
    IReadOnlyList<string> Targets)
{
    public const string FileName = "run.json";
}

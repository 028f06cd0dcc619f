using Orleans.Stock.Bench.Cli;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Spectre assumes 80 columns without a terminal, which folds the result tables into unreadable
    // cells in CI logs and files.
    AnsiConsole.Profile.Width = 160;
}

return await BenchCommandLine.Create().Parse(args).InvokeAsync();

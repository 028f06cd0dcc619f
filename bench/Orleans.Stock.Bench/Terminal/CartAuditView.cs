using System.Globalization;
using Orleans.Stock.Bench.Audit;
using Spectre.Console;

namespace Orleans.Stock.Bench.Terminal;

/// <summary>The cart audit's verdict line (it starts with "audit", which scripts/bench.sh picks out of the log) and its violations.</summary>
public static class CartAuditView
{
    public static void Render(CartAuditResult carts)
    {
        var verdict = carts.Passed ? "[green]PASSED[/]" : "[red]FAILED[/]";
        AnsiConsole.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"audit of carts {verdict}: {carts.Carts:N0} carts, {carts.Acknowledged:N0} acknowledged ({carts.Read:N0} read back), {carts.Refused:N0} refused, {carts.Unknown:N0} unknown, {carts.ViolationCount:N0} violation(s)"));
        AnsiConsole.MarkupLine($"[grey]rule: {Markup.Escape(carts.Rule)}[/]");
        foreach (var violation in carts.Violations)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(violation)}[/]");
        }
    }
}

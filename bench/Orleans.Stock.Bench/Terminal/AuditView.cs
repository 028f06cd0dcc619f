using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Formatting;
using Spectre.Console;

namespace Orleans.Stock.Bench.Terminal;

/// <summary>The audit verdict, the counters of a few SKUs side by side with the clients' view, and every violation.</summary>
public static class AuditView
{
    public static void Render(AuditResult audit, string productPrefix)
    {
        var verdict = audit.Passed ? "[green]PASSED[/]" : "[red]FAILED[/]";
        AnsiConsole.MarkupLine($"audit {verdict}: {audit.ProductsChecked - audit.ProductsFailed}/{audit.ProductsChecked} products consistent");
        AnsiConsole.MarkupLine($"[grey]rule ({(audit.ExpiryPossible ? "expiry possible" : "no expiry possible")}): {Markup.Escape(audit.Rule)}[/]");

        // The run's prefix is in the heading already; the SKU number alone keeps the table narrow.
        var table = new Table().AddColumns("sku", "onHand", "available", "reserved", "sold", "acked", "confirmed", "cancelled", "unknown");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var sku in audit.Products.Take(MaxRows(audit)))
        {
            var server = sku.Server;
            var client = sku.Client;
            var name = sku.Sku.StartsWith(productPrefix, StringComparison.Ordinal) ? "…" + sku.Sku[productPrefix.Length..] : sku.Sku;
            table.AddRow(
                sku.Passed ? Markup.Escape(name) : $"[red]{Markup.Escape(name)}[/]",
                Formats.Count(server?.OnHand ?? 0),
                Formats.Count(server?.Available ?? 0),
                Formats.Count(server?.Reserved ?? 0),
                Formats.Count(server?.Sold ?? 0),
                Formats.Count(client.Acknowledged),
                Formats.Count(client.Confirmed),
                Formats.Count(client.Cancelled),
                Formats.Count(client.ReserveUnknown + client.ConfirmUnknown + client.CancelUnknown));
        }

        AnsiConsole.Write(table);
        foreach (var sku in audit.Products.Where(sku => !sku.Passed))
        {
            foreach (var violation in sku.Violations)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(sku.Sku)}: {Markup.Escape(violation)}[/]");
            }
        }
    }

    // The hot SKU and a few others are enough on success; on failure show what failed.
    private static int MaxRows(AuditResult audit) => audit.Passed ? 5 : 50;
}

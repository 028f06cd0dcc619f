using Orleans.Stock.Silo;
using Orleans.Stock.Silo.Health;

var builder = Host.CreateApplicationBuilder(args);
builder.AddStockSiloHealth();
builder.UseOrleans(silo => silo.AddStockSilo(builder.Configuration).AddStockSiloTracing(builder.Configuration));
builder.AddStockSiloMetrics();
await builder.Build().RunAsync();

/// <summary>
/// Stays internal: the Orleans dashboard brings the ASP.NET Core framework into the silo, whose
/// source generator would otherwise make this Program public and clash with the API's in the tests.
/// </summary>
internal sealed partial class Program;

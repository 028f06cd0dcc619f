using Microsoft.Extensions.Hosting;
using Orleans.Stock.Silo;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddStockSilo(builder.Configuration));
builder.AddStockSiloMetrics();
await builder.Build().RunAsync();

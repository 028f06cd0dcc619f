using Microsoft.Extensions.Hosting;
using Orleans.Stock.Silo;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddStockSilo(builder.Configuration));
await builder.Build().RunAsync();

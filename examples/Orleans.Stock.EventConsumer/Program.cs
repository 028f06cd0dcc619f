using System.CommandLine;
using Orleans.Stock.EventConsumer;

var root = new RootCommand("Consumes Orleans.Stock events: pull the feed with a stored cursor, or receive signed webhooks")
{
    PullCommand.Create(),
    ReceiveCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

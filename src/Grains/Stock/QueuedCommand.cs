namespace Orleans.Stock.Grains.Stock;

/// <summary>A command and the caller waiting for its durable outcome.</summary>
public sealed class QueuedCommand(StockCommand command)
{
    private readonly TaskCompletionSource<CommandOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StockCommand Command { get; } = command;

    public Task<CommandOutcome> Outcome => _completion.Task;

    public void Complete(CommandOutcome outcome) => _completion.TrySetResult(outcome);
}

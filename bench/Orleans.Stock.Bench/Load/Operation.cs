namespace Orleans.Stock.Bench.Load;

/// <summary>The requests a simulated client sends, each with its own latency histogram.</summary>
public enum Operation
{
    Reserve,
    Confirm,
    Cancel,
}

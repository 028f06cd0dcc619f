using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// Hands each second's snapshot, serialised once, to every open stream. Each stream has a queue of
/// one that keeps the newest snapshot, so a slow browser skips seconds instead of holding memory or
/// slowing the others.
/// </summary>
public sealed class SnapshotBroadcaster
{
    private readonly ConcurrentDictionary<Channel<string>, byte> _subscribers = new();
    private volatile string? _latest;

    /// <summary>Open streams now; the sampler skips the reads only a viewer needs when there are none.</summary>
    public int Subscribers => _subscribers.Count;

    /// <summary>The last snapshot as JSON, or null before the first one.</summary>
    public string? Latest => _latest;

    public void Publish(string json)
    {
        _latest = json;
        foreach (var channel in _subscribers.Keys)
        {
            channel.Writer.TryWrite(json);
        }
    }

    /// <summary>
    /// The latest snapshot at once, then every new one until <paramref name="stop"/> (the client went
    /// away, or the host is stopping): the stream then ends cleanly instead of holding shutdown up.
    /// </summary>
    public async IAsyncEnumerable<string> SubscribeAsync([EnumeratorCancellation] CancellationToken stop)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        _subscribers.TryAdd(channel, 0);
        using var ending = stop.Register(static c => ((Channel<string>)c!).Writer.TryComplete(), channel);
        try
        {
            if (_latest is { } first)
            {
                yield return first;
            }

            await foreach (var json in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return json;
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }
}

namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>
/// Where a batch's cursor may stand while its SKUs are delivered concurrently: the highest position at or
/// below which every event of the batch is done (delivered or dropped). An event done above a pending one
/// does not move it, so after a crash or a takeover such events are delivered again (at least once).
/// </summary>
public sealed class DeliveryWatermark
{
    private readonly Lock _lock = new();
    private readonly long[] _positions;
    private readonly bool[] _done;
    private int _firstPending;
    private long _written;
    private DateTime? _lastDeliveredAt;

    /// <param name="positions">The batch's positions, ascending.</param>
    /// <param name="cursor">The cursor as stored, below the batch.</param>
    public DeliveryWatermark(IReadOnlyList<long> positions, long cursor)
    {
        _positions = [.. positions];
        _done = new bool[_positions.Length];
        _written = cursor;
    }

    /// <summary>The event at <paramref name="index"/> in the batch is done; <paramref name="deliveredAt"/> when it was delivered rather than dropped.</summary>
    public void Done(int index, DateTime? deliveredAt)
    {
        lock (_lock)
        {
            _done[index] = true;
            if (deliveredAt is not null)
            {
                _lastDeliveredAt = deliveredAt;
            }

            while (_firstPending < _done.Length && _done[_firstPending])
            {
                _firstPending++;
            }
        }
    }

    /// <summary>The cursor to store if it has moved since the last one taken (and the last delivery's time), or null.</summary>
    public (long Cursor, DateTime? DeliveredAt)? TakeAdvance()
    {
        lock (_lock)
        {
            var cursor = _firstPending == 0 ? _written : Math.Max(_written, _positions[_firstPending - 1]);
            if (cursor == _written)
            {
                return null;
            }

            _written = cursor;
            var deliveredAt = _lastDeliveredAt;
            _lastDeliveredAt = null;
            return (cursor, deliveredAt);
        }
    }
}

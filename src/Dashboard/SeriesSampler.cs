using Orleans.Stock.Dashboard.Metrics;
using Orleans.Stock.Dashboard.Snapshot;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// Turns the running totals of each engine and strategy into the last interval's rates and
/// percentiles, and keeps the intervals of the alert window for the p99 and error-rate alerts.
/// Used by the sampler's one loop only, so it needs no locking.
/// </summary>
public sealed class SeriesSampler
{
    private readonly Dictionary<ReservationSeries, Tracker> _trackers = [];

    public IReadOnlyList<SeriesView> Sample(IReadOnlyCollection<ReservationSeries> series, double seconds, int windowIntervals)
    {
        var views = new List<SeriesView>(series.Count);
        foreach (var s in series.OrderBy(s => s.Engine, StringComparer.Ordinal).ThenBy(s => s.Strategy, StringComparer.Ordinal))
        {
            if (!_trackers.TryGetValue(s, out var tracker))
            {
                _trackers[s] = tracker = new Tracker();
            }

            views.Add(tracker.Next(s, seconds, windowIntervals));
        }

        return views;
    }

    /// <summary>The worst p99 over the alert window among series with enough requests, and whose it is.</summary>
    public (double? P99Ms, string Series) WorstWindowP99(int minimumRequests)
    {
        (double? P99Ms, string Series) worst = (null, "");
        foreach (var (series, tracker) in _trackers)
        {
            if (tracker.WindowRequests() >= minimumRequests && tracker.WindowP99() is { } p99 && (worst.P99Ms is null || p99 > worst.P99Ms))
            {
                worst = (p99, $"{series.Engine}/{series.Strategy}");
            }
        }

        return worst;
    }

    /// <summary>Errors per answer over the alert window, all series together; null below <paramref name="minimumRequests"/>.</summary>
    public double? WindowErrorRate(int minimumRequests)
    {
        long requests = 0, errors = 0;
        foreach (var tracker in _trackers.Values)
        {
            requests += tracker.WindowRequests();
            errors += tracker.WindowErrors();
        }

        return requests < minimumRequests ? null : (double)errors / requests;
    }

    private sealed class Tracker
    {
        private readonly long[] _previousBuckets = new long[LatencyHistogram.BucketCount];
        private readonly long[] _currentBuckets = new long[LatencyHistogram.BucketCount];
        private readonly Queue<Interval> _window = new();
        private Dictionary<string, long> _previousOutcomes = new(StringComparer.Ordinal);
        private long _previousCount;

        public SeriesView Next(ReservationSeries series, double seconds, int windowIntervals)
        {
            var count = series.Count;
            var outcomes = series.Outcomes();
            series.Latency.CopyTo(_currentBuckets);
            var delta = new long[_currentBuckets.Length];
            for (var i = 0; i < delta.Length; i++)
            {
                delta[i] = _currentBuckets[i] - _previousBuckets[i];
            }

            Array.Copy(_currentBuckets, _previousBuckets, _currentBuckets.Length);
            var errorsByCode = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var errorRates = new SortedDictionary<string, double>(StringComparer.Ordinal);
            long newErrors = 0;
            foreach (var (outcome, total) in outcomes)
            {
                if (outcome == OutcomeCodes.Reserved)
                {
                    continue;
                }

                var code = OutcomeCodes.ProblemCode(outcome);
                var fresh = total - _previousOutcomes.GetValueOrDefault(outcome);
                errorsByCode[code] = total;
                errorRates[code] = fresh / seconds;
                if (OutcomeCodes.IsError(outcome))
                {
                    newErrors += fresh;
                }
            }

            var requests = count - _previousCount;
            _previousCount = count;
            _previousOutcomes = outcomes;
            _window.Enqueue(new Interval(delta, requests, newErrors));
            while (_window.Count > windowIntervals)
            {
                _window.Dequeue();
            }

            return new SeriesView(
                series.Engine,
                series.Strategy,
                requests / seconds,
                LatencyHistogram.Percentile(delta, 0.50),
                LatencyHistogram.Percentile(delta, 0.99),
                count,
                errorsByCode,
                errorRates);
        }

        public long WindowRequests() => _window.Sum(i => i.Requests);

        public long WindowErrors() => _window.Sum(i => i.Errors);

        public double? WindowP99()
        {
            var merged = new long[LatencyHistogram.BucketCount];
            foreach (var interval in _window)
            {
                for (var i = 0; i < merged.Length; i++)
                {
                    merged[i] += interval.Buckets[i];
                }
            }

            return LatencyHistogram.Percentile(merged, 0.99);
        }

        private sealed record Interval(long[] Buckets, long Requests, long Errors);
    }
}

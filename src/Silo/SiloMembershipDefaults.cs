using Orleans.Configuration;

namespace Orleans.Stock.Silo;

/// <summary>
/// Failure detection for a small cluster (3 to ~10 silos on one network), so that a crashed silo
/// is declared dead within a second or two (1.2-2.2 s measured after kill -9), not after several
/// of Orleans' default 5 s probe periods. Until it is declared dead, its grains cannot be
/// reactivated elsewhere and calls to them fail; the API retries those calls for a bounded time
/// (<c>Orleans:Retry:Budget</c>, 10 s), so detection must fit well inside that budget.
/// Every value can be overridden under <c>Silo:Membership</c> (the names of
/// <see cref="ClusterMembershipOptions"/>).
/// </summary>
public static class SiloMembershipDefaults
{
    public const string Section = "Silo:Membership";

    public static void Apply(ClusterMembershipOptions options)
    {
        // The first probe period and timeout (default 5 s). Orleans adapts the timeout to the round
        // trips it observes, within [MinProbeTimeout, MaxProbeTimeout], and stretches it while the
        // probing silo itself is degraded (GC, thread-pool starvation) so that a loaded machine does
        // not vote healthy peers dead. The maximum also sets the window of the connection liveness
        // check (MaxProbeTimeout x NumMissedProbesLimit = 6 s): a silo that sent anything within it
        // is not voted dead. That is what bounds the detection of a silo that hangs or vanishes
        // without closing its connections; one that crashes (connections reset) goes at once.
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.MinProbeTimeout = TimeSpan.FromMilliseconds(500);
        options.MaxProbeTimeout = TimeSpan.FromSeconds(2);

        // Three missed probes in a row (the last one sent through another silo) make a suspicion.
        // Kept at the default, so one or two lost probes never count as a death.
        options.NumMissedProbesLimit = 3;

        // Two silos must agree before one is declared dead (the default): with 3 silos that is
        // both survivors, so a single silo with a bad network cannot evict a healthy peer.
        options.NumVotesForDeathDeclaration = 2;

        // Votes older than this no longer count (default 2 min). Both survivors vote within a
        // few seconds of a real crash; a short expiry stops two unrelated hiccups minutes apart
        // from adding up to a death sentence for a healthy silo.
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);

        // Re-read the Redis table every 5 s (default 1 min). Gossip spreads changes at once; the
        // refresh is the fallback when a gossip message is lost, and it costs one small Redis read.
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);

        // Heartbeat in the table every 5 s (default 30 s): the entry of a silo that vanished while
        // nobody watched (the whole cluster killed) looks stale after 3 missed beats, so silos of a
        // restarted cluster stop probing it and counting it as a voter sooner.
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }
}

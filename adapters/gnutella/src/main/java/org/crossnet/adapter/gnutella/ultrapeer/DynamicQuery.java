package org.crossnet.adapter.gnutella.ultrapeer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One query an ultrapeer runs for a leaf (or for itself) across its ultrapeer connections, a few at a time, rather
 * than flooding them all: first a probe with TTL 1 to a few connections (whose last-hop route tables can match),
 * then one more connection per step with a growing TTL, until enough results came back, every connection was
 * asked, or time ran out. A connection is asked once (the GUID would be dropped as a duplicate anyway).
 * Simplified from the dynamic querying proposal: the TTL grows by steps instead of being computed from horizon
 * estimates. Not thread-safe: one event loop drives it.
 *
 * @param <C> a connection
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/dynamic_query">Dynamic querying 0.1</a>
 */
public final class DynamicQuery<C> {
    /** One send: the connection and the TTL to give the query. */
    public record Send<C>(C connection, int ttl) {
    }

    private final int targetResults;
    private final int maxTtl;
    private final int probeConnections;
    private final long stepNanos;
    private final long deadline;
    private final Set<C> queried = new LinkedHashSet<>();
    private long nextStep;
    private int sendsAfterProbe;
    private boolean probed;
    private boolean finished;

    public DynamicQuery(int targetResults, int maxTtl, int probeConnections, long stepNanos, long maxDurationNanos,
                        long now) {
        this.targetResults = targetResults;
        this.maxTtl = Math.max(1, maxTtl);
        this.probeConnections = probeConnections;
        this.stepNanos = stepNanos;
        this.deadline = now + maxDurationNanos;
        this.nextStep = now;
    }

    /**
     * What to send now.
     *
     * @param candidates   the ultrapeer connections the query may go to (not its origin), in preference order
     * @param results      results routed back so far
     * @param lastHopMatch whether a TTL-1 query sent to a connection could match there (its route table)
     */
    public List<Send<C>> step(List<C> candidates, int results, Predicate<C> lastHopMatch, long now) {
        List<Send<C>> out = new ArrayList<>();
        if (finished) {
            return out;
        }
        if (results >= targetResults || now - deadline >= 0) {
            finished = true;
            return out;
        }
        if (now - nextStep < 0) {
            return out;
        }
        nextStep = now + stepNanos;
        if (!probed) {
            probed = true;
            for (C c : candidates) {
                if (out.size() >= probeConnections) {
                    break;
                }
                if (lastHopMatch.test(c)) {
                    queried.add(c);
                    out.add(new Send<>(c, 1));
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        for (C c : candidates) {
            if (!queried.contains(c)) {
                int ttl = Math.min(maxTtl, 2 + sendsAfterProbe / 2);
                if (ttl == 1 && !lastHopMatch.test(c)) {
                    continue;
                }
                queried.add(c);
                sendsAfterProbe++;
                out.add(new Send<>(c, ttl));
                return out;
            }
        }
        finished = true;
        return out;
    }

    public boolean finished() {
        return finished;
    }

    /** Stops it (the origin went away). */
    public void cancel() {
        finished = true;
    }

    /** Forgets a closed connection. */
    public void forget(C connection) {
        queried.remove(connection);
    }

    public int queriedCount() {
        return queried.size();
    }
}

package org.crossnet.spi;

import java.util.Collection;
import java.util.List;
import org.crossnet.spi.link.PeerAddress;

/**
 * The gateway's memory of hosts on one network (the adapter's own: {@link AdapterContext#hosts()} is scoped to its
 * network), kept across restarts in the gateway's database, so an adapter needs no host file of its own. One row per
 * {@link PeerAddress}: {@link #save} inserts or replaces it.
 *
 * <p><b>Ranking.</b> "Best" means: fewest {@link KnownHost#failures()}, then the latest
 * {@link KnownHost#lastSuccess()} (never reached ranks after any success), then the latest
 * {@link KnownHost#lastSeen()} ({@link KnownHost#BEST_FIRST}). {@link #load} returns hosts best first; when a save
 * takes the network above {@link #capacity()} hosts, the worst are deleted (possibly some just saved).
 *
 * <p><b>Threading.</b> Thread-safe, and <b>blocking</b>: every method may wait for the database. Call it from
 * {@link AdapterContext#blockingExecutor()} (or another thread of the adapter's that may block), never on an event
 * loop; a call on one of the gateway's event loops throws {@link IllegalStateException}. Batch changes (save every
 * so often and once on close) rather than writing each pong. Collections passed in must not contain null.
 *
 * <p><b>Lifecycle.</b> Usable from {@link NetworkAdapter#start()} until {@link NetworkAdapter#close()} returns, so a
 * final save belongs inside {@code close()}. After that, saves and removals are ignored and loads return nothing.
 */
public interface HostStore {
    /** The most hosts kept for this network (at least 1). Non-blocking. */
    int capacity();

    /**
     * Up to {@code limit} hosts of this network, best first.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     * @throws org.crossnet.spi.error.GatewayException INTERNAL when the database fails
     */
    List<KnownHost> load(int limit);

    /**
     * Inserts or replaces each host's row (by its address; the last of equal addresses wins), in one transaction,
     * then deletes the worst beyond {@link #capacity()}.
     *
     * @throws org.crossnet.spi.error.GatewayException INTERNAL when the database fails (nothing of the call is kept)
     */
    void save(Collection<KnownHost> hosts);

    /**
     * Forgets these addresses; unknown ones are ignored.
     *
     * @throws org.crossnet.spi.error.GatewayException INTERNAL when the database fails
     */
    void remove(Collection<PeerAddress> addresses);
}

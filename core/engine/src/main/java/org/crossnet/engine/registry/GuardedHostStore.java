package org.crossnet.engine.registry;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crossnet.engine.persistence.HostRepository;
import org.crossnet.spi.HostStore;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.NetworkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One adapter's view of the {@link HostRepository}: its network only; refuses to run on one of the gateway's event
 * loops (a database round trip there would stall every connection on that loop); after the adapter is closed, writes
 * are dropped and loads are empty, as {@link HostStore} promises.
 */
final class GuardedHostStore implements HostStore {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedHostStore.class);

    private final NetworkId network;
    private final HostRepository repository;
    private final AtomicBoolean closed;
    private final EventLoopGroup eventLoops;

    GuardedHostStore(NetworkId network, HostRepository repository, AtomicBoolean closed, EventLoopGroup eventLoops) {
        this.network = network;
        this.eventLoops = eventLoops;
        this.repository = repository;
        this.closed = closed;
    }

    @Override
    public int capacity() {
        return repository.capacity();
    }

    @Override
    public List<KnownHost> load(int limit) {
        requireBlockingThread("load");
        if (closed.get()) {
            LOG.debug("adapter {} loaded hosts after close", network);
            return List.of();
        }
        return repository.load(network, limit);
    }

    @Override
    public void save(Collection<KnownHost> hosts) {
        requireBlockingThread("save");
        if (closed.get()) {
            LOG.debug("adapter {} saved {} hosts after close; dropped", network, hosts.size());
            return;
        }
        repository.save(network, List.copyOf(hosts));
    }

    @Override
    public void remove(Collection<PeerAddress> addresses) {
        requireBlockingThread("remove");
        if (closed.get()) {
            LOG.debug("adapter {} removed hosts after close; dropped", network);
            return;
        }
        repository.remove(network, List.copyOf(addresses));
    }

    /** The gateway's loops: the ones adapters are handed and must not block. */
    private void requireBlockingThread(String method) {
        boolean onLoop = false;
        for (EventExecutor loop : eventLoops) {
            onLoop |= loop.inEventLoop();
        }
        if (onLoop) {
            throw new IllegalStateException("thread: " + Thread.currentThread().getName() + " calling hosts()."
                    + method + " (expected: a thread that may block, e.g. the blocking executor; not an event loop)");
        }
    }
}

package org.crossnet.engine.registry;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crossnet.engine.persistence.HostRepository;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.ContentStore;
import org.crossnet.spi.HostStore;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.model.NetworkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context handed to one adapter instance. After the adapter is closed, events it still publishes and host-store
 * writes it still makes are dropped (and logged at DEBUG as a contract violation) so a late callback cannot reach API
 * clients or the catalogue.
 */
final class GuardedAdapterContext implements AdapterContext {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedAdapterContext.class);

    private final NetworkId network;
    private final EventSink events;
    private final ContentStore content;
    private final EventLoopGroup eventLoops;
    private final Executor blockingExecutor;
    private final Clock clock;
    private final Path stateDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HostStore hosts;

    GuardedAdapterContext(NetworkId network, EventSink bus, ContentStore content, EventLoopGroup eventLoops,
                          Executor blockingExecutor, Clock clock, Path stateDirectory, HostRepository hosts) {
        this.network = network;
        this.content = content;
        this.eventLoops = eventLoops;
        this.blockingExecutor = blockingExecutor;
        this.clock = clock;
        this.stateDirectory = stateDirectory;
        this.hosts = new GuardedHostStore(network, hosts, closed, eventLoops);
        this.events = event -> {
            if (closed.get()) {
                LOG.debug("adapter {} published {} after close; dropped", network, event.type());
            } else {
                bus.publish(event);
            }
        };
    }

    void close() {
        closed.set(true);
    }

    @Override
    public NetworkId network() {
        return network;
    }

    @Override
    public EventSink events() {
        return events;
    }

    @Override
    public ContentStore content() {
        return content;
    }

    @Override
    public EventLoopGroup eventLoops() {
        return eventLoops;
    }

    @Override
    public Executor blockingExecutor() {
        return blockingExecutor;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("org.crossnet.adapter." + network.value());
    }

    @Override
    public Path stateDirectory() {
        return stateDirectory;
    }

    @Override
    public HostStore hosts() {
        return hosts;
    }
}

package org.crossnet.spi;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.model.NetworkId;

/**
 * What the gateway hands an adapter; everything it may use, so that it needs no DI container. All members are
 * thread-safe. The context stays valid until the adapter's {@link NetworkAdapter#close()} returns.
 */
public interface AdapterContext {
    /** The adapter's network id (its factory id). */
    NetworkId network();

    /** Publishes adapter events; non-blocking, callable from an event loop. */
    EventSink events();

    /** The gateway's content: transfer storage and the share library. */
    ContentStore content();

    /** Shared Netty event loops. Never block on them; never shut them down. */
    EventLoopGroup eventLoops();

    /** An executor for blocking work (disk I/O, DNS); bounded, shared by all adapters. */
    Executor blockingExecutor();

    /** The clock to read time from (tests may substitute a fixed one). */
    Clock clock();

    /** The adapter's logger (JDK System.Logger, routed to the gateway's logging). */
    System.Logger logger();

    /** A directory private to this adapter for its own state (node ids, keys); exists, writable. */
    Path stateDirectory();

    /**
     * The hosts this adapter knows on its network, kept in the gateway's database across restarts (bootstrap and
     * host caches). Blocking: call it from {@link #blockingExecutor()}, never on an event loop (see {@link HostStore}).
     */
    HostStore hosts();
}

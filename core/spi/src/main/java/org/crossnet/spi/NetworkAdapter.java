package org.crossnet.spi;

import java.util.Optional;
import java.util.Set;

/**
 * A running network adapter. Lifecycle: created by its factory, then {@link #start()}, then {@link #close()}. After
 * {@code close()} returns the adapter must make no further call into its {@link AdapterContext} or into any sink it
 * was handed (the contract test checks this).
 *
 * <p>Optional facets are present exactly when the matching {@link AdapterCapability} is declared; an adapter never
 * throws "unsupported" from a facet it declares.
 */
public interface NetworkAdapter extends AutoCloseable {
    /** Capabilities; constant for the adapter's life. */
    Set<AdapterCapability> capabilities();

    /**
     * Binds sockets and starts background work. Called once, on a non-event-loop thread; may block briefly.
     *
     * @throws org.crossnet.spi.error.GatewayException with {@code UNAVAILABLE} when it cannot start (port in use...)
     */
    void start();

    /** A one-line, user-facing summary of the adapter's health, e.g. {@code "3 peers, 2 servers"}. Non-blocking. */
    String statusLine();

    /** Present exactly when {@link AdapterCapability#SEARCH} is declared. */
    default Optional<Searcher> searcher() {
        return Optional.empty();
    }

    /** Present exactly when {@link AdapterCapability#DOWNLOAD} is declared. */
    default Optional<Downloader> downloader() {
        return Optional.empty();
    }

    /** Present exactly when {@link AdapterCapability#PUBLISH} is declared. */
    default Optional<Publisher> publisher() {
        return Optional.empty();
    }

    /** Stops all work, closes sockets and releases resources. Idempotent; may block up to a few seconds. */
    @Override
    void close();
}

package org.crossnet.spi;

/**
 * Entry point of a network adapter, found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/org.crossnet.spi.NetworkAdapterFactory}, from the classpath and from jars in the
 * gateway's plugins folder. Must have a public no-argument constructor and no side effects until {@link #create}.
 *
 * @param <C> the adapter's config record; the engine binds {@code crossnet.adapters.<id>.*} to its components
 *            strictly (kebab-case keys map to camelCase components; an unknown key fails startup). Validate values
 *            in the record's compact constructor by throwing IllegalArgumentException with a precise reason.
 */
public interface NetworkAdapterFactory<C extends Record> {
    /** Stable lowercase id, e.g. {@code bittorrent}; also the config prefix. Never changes between versions. */
    String id();

    /** Name shown to users, e.g. {@code BitTorrent}. */
    String displayName();

    /** The config record type. */
    Class<C> configType();

    /** The config used for keys the user did not set. */
    C defaultConfig();

    /**
     * Creates an adapter. Must not open sockets or start threads: that happens in {@link NetworkAdapter#start()}.
     * Called once per enable/restart, on a non-event-loop thread.
     */
    NetworkAdapter create(C config, AdapterContext context);
}

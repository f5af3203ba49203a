package org.crossnet.adapter.gnutella;

import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;

/** Entry point of the Gnutella adapter (id {@code gnutella}), found by {@link java.util.ServiceLoader}. */
public final class GnutellaAdapterFactory implements NetworkAdapterFactory<GnutellaConfig> {
    public GnutellaAdapterFactory() {
    }

    @Override
    public String id() {
        return "gnutella";
    }

    @Override
    public String displayName() {
        return "Gnutella";
    }

    @Override
    public Class<GnutellaConfig> configType() {
        return GnutellaConfig.class;
    }

    @Override
    public GnutellaConfig defaultConfig() {
        return GnutellaConfig.defaults();
    }

    @Override
    public NetworkAdapter create(GnutellaConfig config, AdapterContext context) {
        return new GnutellaAdapter(config, context);
    }
}

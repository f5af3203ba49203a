package org.crossnet.adapter.edonkey;

import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;

/** Entry point of the eDonkey adapter (id {@code edonkey}), found by {@link java.util.ServiceLoader}. */
public final class EdonkeyAdapterFactory implements NetworkAdapterFactory<EdonkeyConfig> {
    public EdonkeyAdapterFactory() {
    }

    @Override
    public String id() {
        return "edonkey";
    }

    @Override
    public String displayName() {
        return "eDonkey (eD2k + Kad)";
    }

    @Override
    public Class<EdonkeyConfig> configType() {
        return EdonkeyConfig.class;
    }

    @Override
    public EdonkeyConfig defaultConfig() {
        return EdonkeyConfig.defaults();
    }

    @Override
    public NetworkAdapter create(EdonkeyConfig config, AdapterContext context) {
        return new EdonkeyAdapter(config, context);
    }
}

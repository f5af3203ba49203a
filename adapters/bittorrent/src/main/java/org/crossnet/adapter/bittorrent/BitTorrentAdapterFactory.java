package org.crossnet.adapter.bittorrent;

import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;

/** Entry point of the BitTorrent adapter (id {@code bittorrent}), found by {@link java.util.ServiceLoader}. */
public final class BitTorrentAdapterFactory implements NetworkAdapterFactory<BitTorrentConfig> {
    public BitTorrentAdapterFactory() {
    }

    @Override
    public String id() {
        return "bittorrent";
    }

    @Override
    public String displayName() {
        return "BitTorrent";
    }

    @Override
    public Class<BitTorrentConfig> configType() {
        return BitTorrentConfig.class;
    }

    @Override
    public BitTorrentConfig defaultConfig() {
        return BitTorrentConfig.defaults();
    }

    @Override
    public NetworkAdapter create(BitTorrentConfig config, AdapterContext context) {
        return new BitTorrentAdapter(config, context);
    }
}

package org.crossnet.spi;

/** What an adapter can do; declared by {@link NetworkAdapter#capabilities()} and checked by the contract test. */
public enum AdapterCapability {
    /** Keyword search: {@link NetworkAdapter#searcher()} is present. */
    SEARCH,
    /** Fetching content: {@link NetworkAdapter#downloader()} is present. */
    DOWNLOAD,
    /** Serving content to peers and announcing shares: {@link NetworkAdapter#publisher()} is present. */
    PUBLISH,
    /** Takes part in a distributed hash table (Kad, BitTorrent DHT). */
    DHT,
    /** Runs a server role others log into (e.g. an eD2k index server). */
    SERVER
}

package org.crossnet.adapter.gnutella;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossnet.adapter.gnutella.host.HostPort;
import org.crossnet.adapter.gnutella.http.HttpSource;
import org.crossnet.adapter.gnutella.http.ServentGuid;
import org.crossnet.adapter.gnutella.http.download.HttpDownload;
import org.crossnet.adapter.gnutella.mapping.HitMapper;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.Sha1;

/**
 * The download sources our searches' query hits named, per SHA-1, and the downloads running for each SHA-1. The
 * engine hands a download only the {@code host:port} of a hit ({@link SearchHit#PEER_HANDLE_KEY}); the servent GUID,
 * file index and push flag a firewalled source needs are remembered here from the hit itself, and hits arriving while
 * a download runs become new sources of it. Bounded: the most recently hit {@value #MAX_FILES} files, at most
 * {@value #MAX_SOURCES_PER_FILE} sources each. Thread-safe (one monitor, held briefly, never during I/O).
 */
final class HitSources {
    static final int MAX_FILES = 1000;
    static final int MAX_SOURCES_PER_FILE = 64;
    static final int MAX_DOWNLOADS_PER_FILE = 4;

    /** Access-ordered so that the least recently hit file is the one evicted. */
    private final Map<Sha1, Map<InetSocketAddress, HttpSource>> byFile = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha1, Map<InetSocketAddress, HttpSource>> eldest) {
            return size() > MAX_FILES;
        }
    };
    /**
     * A closed or failed download stays listed until its SHA-1 finishes or is evicted (HttpDownload does not say it
     * was closed; adding sources to it is a no-op), so this map is bounded as well.
     */
    private final Map<Sha1, List<HttpDownload>> downloads = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha1, List<HttpDownload>> eldest) {
            return size() > MAX_FILES;
        }
    };

    /** Remembers the sources of these hits (ours, from {@link HitMapper}) and passes them to running downloads. */
    void record(Collection<SearchHit> hits) {
        Map<HttpDownload, List<HttpSource>> toAdd = new LinkedHashMap<>();
        synchronized (this) {
            for (SearchHit hit : hits) {
                Sha1 sha1 = hit.content().sha1();
                HttpSource source = sourceOf(hit.handle());
                if (sha1 == null || source == null) {
                    continue;
                }
                Map<InetSocketAddress, HttpSource> known = byFile.computeIfAbsent(sha1, k -> new LinkedHashMap<>());
                if (known.size() < MAX_SOURCES_PER_FILE || known.containsKey(source.address())) {
                    known.put(source.address(), source);
                }
                for (HttpDownload d : running(sha1)) {
                    toAdd.computeIfAbsent(d, k -> new ArrayList<>()).add(source);
                }
            }
        }
        // Outside our monitor: addSources takes the download's.
        toAdd.forEach(HttpDownload::addSources);
    }

    /** Registers a download and gives it every source known for its SHA-1. */
    void attach(Sha1 sha1, HttpDownload download) {
        List<HttpSource> known;
        synchronized (this) {
            running(sha1);
            List<HttpDownload> list = downloads.computeIfAbsent(sha1, k -> new ArrayList<>());
            list.add(download);
            if (list.size() > MAX_DOWNLOADS_PER_FILE) {
                list.remove(0);
            }
            Map<InetSocketAddress, HttpSource> sources = byFile.get(sha1);
            known = sources == null ? List.of() : List.copyOf(sources.values());
        }
        if (!known.isEmpty()) {
            download.addSources(known);
        }
    }

    /** The sources known for a SHA-1, for tests and status. */
    synchronized List<HttpSource> sources(Sha1 sha1) {
        Map<InetSocketAddress, HttpSource> sources = byFile.get(sha1);
        return sources == null ? List.of() : List.copyOf(sources.values());
    }

    /** The downloads of {@code sha1} still running; forgets finished and closed ones. */
    private List<HttpDownload> running(Sha1 sha1) {
        List<HttpDownload> list = downloads.get(sha1);
        if (list == null) {
            return List.of();
        }
        list.removeIf(HttpDownload::finished);
        if (list.isEmpty()) {
            downloads.remove(sha1);
            return List.of();
        }
        return List.copyOf(list);
    }

    /**
     * The source a hit's handle describes, or null when the handle lacks an address. The address stays unresolved,
     * as the download makes the request's {@code host:port} peers, so that both name the same source and the hit's
     * PUSH details update the peer.
     */
    static HttpSource sourceOf(Map<String, String> handle) {
        String peer = handle.get(SearchHit.PEER_HANDLE_KEY);
        if (peer == null) {
            return null;
        }
        HostPort address;
        try {
            address = HostPort.parse(peer);
        } catch (IllegalArgumentException e) {
            return null;
        }
        ServentGuid servent = null;
        long index = -1;
        try {
            String hex = handle.get(HitMapper.SERVENT_KEY);
            servent = hex == null ? null : ServentGuid.parseHex(hex);
            String i = handle.get(HitMapper.INDEX_KEY);
            index = i == null ? -1 : Long.parseLong(i);
        } catch (IllegalArgumentException e) {
            // A handle we did not make (or an old one): the address alone still serves /uri-res/ requests.
            servent = null;
            index = -1;
        }
        boolean push = Boolean.parseBoolean(handle.get(HitMapper.PUSH_KEY)) && servent != null && index >= 0;
        return new HttpSource(InetSocketAddress.createUnresolved(address.host(), address.port()), servent, index,
                push);
    }
}

package org.crossnet.engine.persistence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;

/**
 * A transfer as stored in the catalogue.
 *
 * @param peers         source addresses ({@code host:port}) for every network (from a link)
 * @param path          the file holding the data (part file while incomplete), or the transfer's folder when it has
 *                      several files; null before storage exists
 * @param resumeData    the storage's encoded resume state; null when none was saved. A transfer that completed and
 *                      went on SEEDING keeps the state it completed with, so a restart seeds again without re-checking
 * @param files         a multi-file transfer's files, paths relative to {@code path} (sanitised components); empty for
 *                      single-file content
 * @param downloadLimit this transfer's download limit in bytes/second, 0 = none
 * @param uploadLimit   this transfer's upload limit in bytes/second, 0 = none
 * @param networkPeers  source addresses for one network only (the sources of a search hit go to the network that
 *                      found them); sorted by network id, never an empty list
 */
public record TransferRow(TransferId id, String name, TransferState state, ContentId content, List<String> peers,
                          List<String> trackers, Bytes metainfo, Path path, String detail, Instant addedAt,
                          byte[] resumeData, List<ContentFile> files, long downloadLimit, long uploadLimit,
                          Map<NetworkId, List<String>> networkPeers) {
    public TransferRow {
        peers = List.copyOf(peers);
        trackers = List.copyOf(trackers);
        files = files == null ? List.of() : List.copyOf(files);
        Map<NetworkId, List<String>> sorted = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        if (networkPeers != null) {
            networkPeers.forEach((network, list) -> {
                if (!list.isEmpty()) {
                    sorted.put(network, List.copyOf(list));
                }
            });
        }
        networkPeers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    /** A transfer without limits or per-network peers. */
    public TransferRow(TransferId id, String name, TransferState state, ContentId content, List<String> peers,
                       List<String> trackers, Bytes metainfo, Path path, String detail, Instant addedAt,
                       byte[] resumeData, List<ContentFile> files) {
        this(id, name, state, content, peers, trackers, metainfo, path, detail, addedAt, resumeData, files, 0, 0,
                Map.of());
    }

    /** A single-file transfer (no file list) without limits or per-network peers. */
    public TransferRow(TransferId id, String name, TransferState state, ContentId content, List<String> peers,
                       List<String> trackers, Bytes metainfo, Path path, String detail, Instant addedAt,
                       byte[] resumeData) {
        this(id, name, state, content, peers, trackers, metainfo, path, detail, addedAt, resumeData, List.of());
    }
}

package org.crossnet.engine.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.crossnet.engine.persistence.TransferRepository;
import org.crossnet.engine.persistence.TransferRow;
import org.crossnet.engine.registry.AdapterRegistry;
import org.crossnet.engine.storage.ContentLayout;
import org.crossnet.engine.storage.ContentPaths;
import org.crossnet.engine.storage.ContentTarget;
import org.crossnet.engine.storage.FileStoredContent;
import org.crossnet.engine.storage.RateMeter;
import org.crossnet.engine.storage.ResumeState;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfers: each one a {@link FileStoredContent} in the download folder fed by every running network whose
 * downloader can fetch it. Networks attach when they start and detach when they stop; progress, rates and state
 * changes become events; state and resume data go to the catalogue so a restart resumes without re-checking.
 * A transfer completes when every byte is verified by some network: its files then get their final names and are
 * handed to the share library. A multi-file transfer (a torrent with a file list, or a magnet whose metadata lists
 * several files) lives in its own folder {@code <download>/<name>}; its layout is stored in the catalogue beside the
 * resume data.
 *
 * <p>Thread-safe. Adapter code is never called while a transfer's lock is held (adapters call back into sinks from
 * their own threads). {@link #tick()} is driven once a second by the engine's scheduler.
 */
public final class TransferManager implements AdapterRegistry.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferManager.class);
    /** Ticks between resume-data saves of an active transfer. */
    private static final int SAVE_EVERY_TICKS = 15;

    /**
     * What the share library is told about a finished download.
     *
     * @param files every file of the download where it now lies (final names unless renaming failed), in content
     *              order; one for single-file content
     */
    public record Completed(TransferId transfer, List<Path> files, ContentId content) {
        public Completed {
            files = List.copyOf(files);
        }
    }

    private final AdapterRegistry registry;
    private final TransferRepository repository;
    private final EventSink events;
    private final Clock clock;
    private final ContentPaths paths;
    private final Consumer<Completed> onComplete;
    private final Map<TransferId, Transfer> transfers = new ConcurrentHashMap<>();
    private long ticks;

    public TransferManager(AdapterRegistry registry, TransferRepository repository, EventSink events, Clock clock,
                           ContentPaths paths, Consumer<Completed> onComplete) {
        this.registry = registry;
        this.repository = repository;
        this.events = events;
        this.clock = clock;
        this.paths = paths;
        this.onComplete = onComplete;
    }

    /** Loads the catalogue's transfers; call once before the adapters start. */
    public void restore() {
        for (TransferRow row : repository.findAll()) {
            Transfer t = new Transfer(row.id(), row.content(), row.name(), row.peers(), row.trackers(), row.metainfo(),
                    row.addedAt());
            // TODO(#3) resume seeding after a restart; until then a transfer that was seeding comes back completed
            t.state = row.state() == TransferState.SEEDING ? TransferState.COMPLETED : row.state();
            t.detail = row.detail();
            t.path = row.path();
            try {
                if (!row.files().isEmpty()) {
                    t.layout = paths.layoutAt(row.path(), row.files());
                }
                if (!row.state().complete()) {
                    long size = t.layout == null ? row.content().size() : total(row.files());
                    ResumeState resume = row.resumeData() == null ? ResumeState.empty(size)
                            : ResumeState.decode(row.resumeData());
                    t.storage = t.layout == null ? FileStoredContent.restore(row.id(), row.path(), resume)
                            : FileStoredContent.restore(row.id(), t.layout.files(), resume);
                }
            } catch (RuntimeException e) {
                t.state = TransferState.FAILED;
                t.detail = "cannot resume: " + e.getMessage();
            }
            transfers.put(t.id, t);
        }
    }

    /**
     * Adds a single-file transfer (or one whose file list is not known yet) and attaches every running network that
     * can fetch it.
     *
     * @throws GatewayException CONFLICT when a transfer of the same content exists
     */
    public TransferStatus add(ContentId content, List<String> peers, List<String> trackers, Bytes metainfo) {
        return add(content, peers, trackers, metainfo, List.of());
    }

    /**
     * Adds a transfer and attaches every running network that can fetch it. With a file list (a multi-file torrent)
     * the content is laid out at once in its own folder {@code <download>/<name>}, each file under its sanitised
     * path; without one it is a single file {@code <download>/<name>}.
     *
     * @param files the torrent's file list, covering the content in order; empty for single-file content
     * @throws GatewayException CONFLICT when a transfer of the same content exists; INVALID_ARGUMENT when the files do
     *                          not add up to the content's size
     */
    public TransferStatus add(ContentId content, List<String> peers, List<String> trackers, Bytes metainfo,
                              List<ContentFile> files) {
        for (Transfer existing : transfers.values()) {
            if (existing.content.sameContentAs(content)) {
                throw new GatewayException(GatewayErrorCode.CONFLICT, "transfer exists for this content: " + existing.id);
            }
        }
        if (content.sizeKnown() && content.size() > FileStoredContent.MAX_SIZE) {
            throw GatewayException.invalid("size", content.size(), "at most " + FileStoredContent.MAX_SIZE);
        }
        String name = content.name() != null ? ContentPaths.sanitize(content.name()) : defaultName(content);
        TransferId id = TransferId.random();
        if (!files.isEmpty()) {
            return addLayout(id, content, name, peers, trackers, metainfo, files);
        }
        ContentTarget target = paths.reserve(name);
        Transfer t = new Transfer(id, content.withName(target.file().getFileName().toString()),
                target.file().getFileName().toString(), peers, trackers, metainfo, clock.instant());
        try {
            t.storage = FileStoredContent.create(id, target.partFile(), content.size());
        } catch (RuntimeException e) {
            deleteQuietly(target.partFile());
            throw e;
        }
        t.path = target.partFile();
        return register(t);
    }

    private TransferStatus addLayout(TransferId id, ContentId content, String name, List<String> peers,
                                     List<String> trackers, Bytes metainfo, List<ContentFile> files) {
        long total = total(files);
        if (content.sizeKnown() && content.size() != total) {
            throw GatewayException.invalid("files", total + " bytes", "the content's size " + content.size());
        }
        ContentLayout layout = paths.reserveLayout(name, files);
        String folderName = layout.folder().getFileName().toString();
        Transfer t = new Transfer(id, content.withName(folderName).withSize(total), folderName, peers, trackers,
                metainfo, clock.instant());
        try {
            t.storage = FileStoredContent.create(id, layout.files());
        } catch (RuntimeException e) {
            paths.delete(layout);
            throw e;
        }
        t.layout = layout;
        t.path = layout.folder();
        return register(t);
    }

    private TransferStatus register(Transfer t) {
        t.state = TransferState.QUEUED;
        repository.save(row(t, null));
        transfers.put(t.id, t);
        events.publish(new GatewayEvent.TransferAdded(t.id, t.name, t.content));
        attachAll(t, registry.running(AdapterCapability.DOWNLOAD));
        return status(t);
    }

    public List<TransferStatus> list() {
        List<Transfer> all = new ArrayList<>(transfers.values());
        all.sort(Comparator.comparing((Transfer t) -> t.addedAt).thenComparing(t -> t.id.value()));
        return all.stream().map(this::status).toList();
    }

    public TransferStatus get(TransferId id) {
        return status(find(id));
    }

    public TransferStatus pause(TransferId id) {
        Transfer t = find(id);
        List<DownloadSession> sessions;
        synchronized (t) {
            if (t.state.complete() || t.state == TransferState.PAUSED) {
                return status(t);
            }
            if (t.state == TransferState.FAILED) {
                throw new GatewayException(GatewayErrorCode.CONFLICT, "transfer " + id + " has failed: " + t.detail);
            }
            sessions = new ArrayList<>(t.sessions.values());
            changeState(t, TransferState.PAUSED, "paused by user");
        }
        sessions.forEach(DownloadSession::pause);
        save(t);
        return status(t);
    }

    public TransferStatus resume(TransferId id) {
        Transfer t = find(id);
        List<DownloadSession> sessions;
        synchronized (t) {
            if (t.state != TransferState.PAUSED) {
                return status(t);
            }
            sessions = new ArrayList<>(t.sessions.values());
            changeState(t, sessions.isEmpty() ? TransferState.QUEUED : TransferState.DOWNLOADING, null);
        }
        sessions.forEach(DownloadSession::resume);
        attachAll(t, registry.running(AdapterCapability.DOWNLOAD));
        save(t);
        return status(t);
    }

    public void remove(TransferId id, boolean deleteData) {
        Transfer t = find(id);
        List<DownloadSession> sessions;
        synchronized (t) {
            t.removed = true;
            sessions = new ArrayList<>(t.sessions.values());
            t.sessions.clear();
        }
        sessions.forEach(DownloadSession::close);
        if (t.storage != null) {
            t.storage.close();
        }
        transfers.remove(id);
        repository.delete(id);
        if (deleteData && t.layout != null) {
            int left = paths.delete(t.layout);
            if (left > 0) {
                LOG.warn("transfer {}: {} files or folders of {} not deleted", id, left, t.layout.folder().getFileName());
            }
        } else if (deleteData && t.path != null && t.path.toAbsolutePath().normalize().startsWith(paths.folder())) {
            deleteQuietly(t.path);
        }
        events.publish(new GatewayEvent.TransferRemoved(id, deleteData));
    }

    /** The storage of a live transfer (for adapters' content lookups). */
    public Optional<StoredContent> storage(TransferId id) {
        Transfer t = transfers.get(id);
        return t == null || t.storage == null ? Optional.empty() : Optional.of(t.storage);
    }

    /** Once a second: completion checks, rates, progress events, periodic resume saves. */
    public void tick() {
        ticks++;
        for (Transfer t : transfers.values()) {
            try {
                tick(t);
            } catch (RuntimeException e) {
                LOG.error("transfer {} tick failed", t.id, e);
            }
        }
    }

    private void tick(Transfer t) {
        if (t.storage == null || t.state.complete() || t.state == TransferState.FAILED) {
            return;
        }
        if (t.storage.isComplete()) {
            complete(t);
            return;
        }
        long done = bytesDone(t.storage);
        long verified = t.storage.bytesVerified();
        if (done != t.reportedDone || verified != t.reportedVerified) {
            t.reportedDone = done;
            t.reportedVerified = verified;
            events.publish(new GatewayEvent.TransferProgress(t.id, done, verified, t.storage.size()));
        }
        if (ticks % SAVE_EVERY_TICKS == 0 && t.state == TransferState.DOWNLOADING) {
            save(t);
        }
    }

    private void complete(Transfer t) {
        Map<NetworkId, DownloadSession> sessions;
        synchronized (t) {
            sessions = new LinkedHashMap<>(t.sessions);
        }
        // networks that upload keep their session (BitTorrent seeds the torrent it fetched); the rest close
        Map<NetworkId, DownloadSession> seeding = new LinkedHashMap<>();
        sessions.forEach((network, session) -> {
            if (session.completed()) {
                seeding.put(network, session);
            } else {
                session.close();
            }
        });
        synchronized (t) {
            t.sessions.keySet().retainAll(seeding.keySet());
        }
        if (t.layout != null) {
            try {
                t.storage.finish();
            } catch (GatewayException e) {
                LOG.warn("transfer {} complete but its files not renamed: {}", t.id, e.getMessage());
            }
        } else {
            Path finalPath = t.path.resolveSibling(stripPartSuffix(t.path.getFileName().toString()));
            try {
                t.storage.moveTo(finalPath);
                t.path = finalPath;
            } catch (GatewayException e) {
                LOG.warn("transfer {} complete but not renamed: {}", t.id, e.getMessage());
            }
        }
        List<Path> files = t.storage.paths();
        synchronized (t) {
            t.sources.keySet().retainAll(seeding.keySet());
            changeState(t, seeding.isEmpty() ? TransferState.COMPLETED : TransferState.SEEDING, null);
        }
        if (seeding.isEmpty()) {
            t.storage.close();
        }
        repository.updateProgress(t.id, t.state, t.detail, t.path, null);
        onComplete.accept(new Completed(t.id, files, t.content));
    }

    @Override
    public void started(NetworkId network, NetworkAdapter adapter) {
        if (!adapter.capabilities().contains(AdapterCapability.DOWNLOAD)) {
            return;
        }
        Map<NetworkId, NetworkAdapter> one = Map.of(network, adapter);
        for (Transfer t : transfers.values()) {
            attachAll(t, one);
        }
    }

    @Override
    public void stopping(NetworkId network, NetworkAdapter adapter) {
        for (Transfer t : transfers.values()) {
            DownloadSession session;
            synchronized (t) {
                session = t.sessions.remove(network);
                t.sources.remove(network);
                if (session != null && t.sessions.isEmpty() && t.state == TransferState.DOWNLOADING) {
                    changeState(t, TransferState.QUEUED, "network " + network + " stopped");
                }
            }
            if (session != null) {
                session.close();
            }
        }
    }

    /** Saves resume data of every transfer and closes storage; adapters must be closed already or next. */
    @Override
    public void close() {
        for (Transfer t : transfers.values()) {
            List<DownloadSession> sessions;
            synchronized (t) {
                sessions = new ArrayList<>(t.sessions.values());
                t.sessions.clear();
            }
            sessions.forEach(DownloadSession::close);
            if (t.storage != null) {
                if (!t.state.complete()) {
                    save(t);
                }
                t.storage.close();
            }
        }
    }

    private void attachAll(Transfer t, Map<NetworkId, NetworkAdapter> adapters) {
        for (Map.Entry<NetworkId, NetworkAdapter> e : adapters.entrySet()) {
            NetworkId network = e.getKey();
            Optional<Downloader> downloader = e.getValue().downloader();
            synchronized (t) {
                if (t.removed || t.storage == null || t.state.complete() || t.state == TransferState.FAILED
                        || t.sessions.containsKey(network) || downloader.isEmpty()
                        || !downloader.get().canFetch(t.content)) {
                    continue;
                }
            }
            NetworkSink sink = new NetworkSink(t, network);
            DownloadSession session;
            try {
                session = downloader.get().download(new DownloadRequest(t.id, t.content, t.storage, t.peers,
                        t.trackers, t.metainfo), sink);
            } catch (RuntimeException ex) {
                sink.starting = false;
                LOG.warn("network {} could not start transfer {}: {}", network, t.id, ex.getMessage());
                continue;
            }
            boolean keep;
            boolean paused;
            synchronized (t) {
                keep = !t.removed && !t.sessions.containsKey(network) && !t.state.complete();
                if (keep) {
                    t.sessions.put(network, session);
                    sink.attached = true;
                    if (t.state == TransferState.QUEUED) {
                        changeState(t, TransferState.DOWNLOADING, null);
                    }
                }
                sink.starting = false;
                if (!keep && !t.sessions.containsKey(network)) {
                    t.sources.remove(network); // reported while starting by a session that is not kept
                }
                paused = t.state == TransferState.PAUSED;
            }
            if (!keep) {
                session.close();
            } else if (paused) {
                session.pause();
            }
        }
        synchronized (t) {
            if (t.state == TransferState.QUEUED && t.sessions.isEmpty()) {
                t.detail = "waiting for a running network that can fetch " + identities(t.content);
            }
        }
    }

    private void changeState(Transfer t, TransferState to, String reason) {
        TransferState from = t.state;
        t.state = to;
        t.detail = reason != null && (to == TransferState.QUEUED || to == TransferState.FAILED) ? reason : null;
        if (from != to) {
            events.publish(new GatewayEvent.TransferStateChanged(t.id, from, to, reason));
        }
    }

    private void save(Transfer t) {
        byte[] resume = null;
        if (t.storage != null && !t.state.complete()) {
            try {
                resume = t.storage.snapshot().encode();
            } catch (GatewayException e) {
                LOG.warn("transfer {}: resume data not saved: {}", t.id, e.getMessage());
            }
        }
        repository.updateProgress(t.id, t.state, t.detail, t.path, resume);
    }

    // TODO(#3) per-file progress of a multi-file transfer (bytes done per file); the status covers the whole content
    private TransferStatus status(Transfer t) {
        synchronized (t) {
            long total = t.storage != null ? t.storage.size() : t.content.size();
            long done;
            long verified;
            if (t.state.complete()) {
                done = total;
                verified = total;
            } else if (t.storage != null) {
                done = bytesDone(t.storage);
                verified = t.storage.bytesVerified();
            } else {
                done = 0;
                verified = 0;
            }
            ContentId content = total >= 0 && !t.content.sizeKnown() ? t.content.withSize(total) : t.content;
            return new TransferStatus(t.id, t.name, content, t.state, done, verified, total,
                    t.down.bytesPerSecond(), t.up.bytesPerSecond(), new LinkedHashMap<>(t.sources), t.detail,
                    t.addedAt);
        }
    }

    private static long bytesDone(FileStoredContent storage) {
        long size = storage.size();
        if (size <= 0) {
            return 0;
        }
        var written = storage.writtenBlocks();
        long bytes = (long) written.cardinality() * StoredContent.BLOCK_SIZE;
        int last = storage.blockCount() - 1;
        if (written.get(last)) {
            bytes -= (long) storage.blockCount() * StoredContent.BLOCK_SIZE - size;
        }
        return bytes;
    }

    private Transfer find(TransferId id) {
        Transfer t = transfers.get(id);
        if (t == null) {
            throw GatewayException.notFound("transfer", id);
        }
        return t;
    }

    private static TransferRow row(Transfer t, byte[] resume) {
        ContentLayout layout = t.layout;
        return new TransferRow(t.id, t.name, t.state, t.content, t.peers, t.trackers, t.metainfo, t.path, t.detail,
                t.addedAt, resume, layout == null ? List.of() : layout.relativeFiles());
    }

    private static long total(List<ContentFile> files) {
        long total = 0;
        for (ContentFile f : files) {
            total += f.length();
        }
        return total;
    }

    private static String defaultName(ContentId content) {
        return content.hashes().get(0).bytes().hex();
    }

    private static String identities(ContentId content) {
        List<String> kinds = new ArrayList<>();
        content.hashes().forEach(h -> kinds.add(org.crossnet.engine.facade.EventFields.hashName(h)));
        return String.join("/", kinds);
    }

    private static String stripPartSuffix(String name) {
        return name.endsWith(ContentPaths.PART_SUFFIX) ? name.substring(0, name.length()
                - ContentPaths.PART_SUFFIX.length()) : name;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path.getFileName(), e.getMessage());
        }
    }

    /** Reports of one network about one transfer; ignored once that network's session is no longer attached. */
    private final class NetworkSink implements DownloadSink {
        private final Transfer t;
        private final NetworkId network;
        volatile boolean attached;
        /**
         * True while {@code download()} runs: an adapter may report from its own threads before it returns (a
         * resolved file list must not be lost), so reports count until the engine decides to keep the session.
         */
        volatile boolean starting = true;

        NetworkSink(Transfer t, NetworkId network) {
            this.t = t;
            this.network = network;
        }

        private boolean live() {
            return !t.removed && (starting || attached && t.sessions.containsKey(network));
        }

        @Override
        public void sources(SourceCount count) {
            synchronized (t) {
                if (live()) {
                    t.sources.put(network, count);
                }
            }
        }

        @Override
        public void traffic(long down, long up) {
            if (live()) {
                t.down.record(down);
                t.up.record(up);
            }
        }

        @Override
        public void contentResolved(ContentId content) {
            synchronized (t) {
                if (!live() || !t.content.sameContentAs(content)) {
                    return;
                }
                if (content.name() != null) {
                    t.resolvedName = content.name();
                }
                t.content = t.content.merge(content).withName(t.name);
                if (content.sizeKnown() && t.storage.size() < 0) {
                    t.storage.setSize(content.size());
                }
            }
            repository.save(row(t, null));
        }

        /**
         * One file: the size becomes known. Several: the content moves into its own folder
         * {@code <download>/<name>} (the name the network resolved, else the transfer's), each file under its
         * sanitised path; the layout is stored at once so a restart keeps it.
         */
        @Override
        public void filesResolved(List<ContentFile> files) {
            if (files == null || files.isEmpty()) {
                throw GatewayException.invalid("files", files == null ? null : 0, "at least one file");
            }
            if (files.size() == 1) {
                synchronized (t) {
                    if (live() && t.storage.size() < 0) {
                        t.storage.setSize(files.get(0).length());
                    }
                }
                return;
            }
            synchronized (t) {
                if (!live()) {
                    return;
                }
                if (t.layout != null) {
                    if (sameLayout(t.layout.relativeFiles(), files)) {
                        return;
                    }
                    throw new GatewayException(GatewayErrorCode.CONFLICT,
                            "files: " + files.size() + " (expected: the file list known already, "
                                    + t.layout.files().size() + " files)");
                }
                String name = t.resolvedName != null ? ContentPaths.sanitize(t.resolvedName) : t.name;
                // t.path is still the single part file reserved at add time: it must not push the folder to "(1)"
                ContentLayout layout = paths.reserveLayout(name, files, t.path);
                try {
                    t.storage.setLayout(layout.files());
                } catch (RuntimeException e) {
                    paths.delete(layout);
                    throw e;
                }
                t.layout = layout;
                t.path = layout.folder();
                t.name = layout.folder().getFileName().toString();
                t.content = t.content.withName(t.name);
                if (!t.content.sizeKnown()) {
                    t.content = t.content.withSize(total(files));
                }
            }
            repository.save(row(t, null));
        }

        private boolean sameLayout(List<ContentFile> known, List<ContentFile> offered) {
            if (known.size() != offered.size()) {
                return false;
            }
            for (int i = 0; i < known.size(); i++) {
                if (known.get(i).length() != offered.get(i).length()
                        || known.get(i).offset() != offered.get(i).offset()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void failed(String reason) {
            synchronized (t) {
                if (!live()) {
                    return;
                }
                t.sessions.remove(network);
                t.sources.remove(network);
                LOG.debug("network {} gave up transfer {}: {}", network, t.id, reason);
                if (t.sessions.isEmpty() && t.state == TransferState.DOWNLOADING) {
                    changeState(t, TransferState.QUEUED, network + " gave up: " + reason);
                }
            }
        }
    }

    /** Mutable state of one transfer; fields guarded by the instance's monitor unless noted. */
    private static final class Transfer {
        final TransferId id;
        volatile String name;
        final List<String> peers;
        final List<String> trackers;
        final Bytes metainfo;
        final java.time.Instant addedAt;
        final Map<NetworkId, DownloadSession> sessions = new ConcurrentHashMap<>();
        final Map<NetworkId, SourceCount> sources = new HashMap<>();
        final RateMeter down = new RateMeter();
        final RateMeter up = new RateMeter();
        volatile ContentId content;
        volatile TransferState state;
        volatile String detail;
        volatile Path path;
        volatile FileStoredContent storage;
        /** A multi-file transfer's files in its folder ({@link #path}); null for single-file content. */
        volatile ContentLayout layout;
        /** The name a network reported for the content (torrent metadata), used for a multi-file folder. */
        volatile String resolvedName;
        volatile boolean removed;
        long reportedDone = -1;
        long reportedVerified = -1;

        Transfer(TransferId id, ContentId content, String name, List<String> peers, List<String> trackers,
                 Bytes metainfo, java.time.Instant addedAt) {
            this.id = id;
            this.content = content;
            this.name = name;
            this.peers = List.copyOf(peers);
            this.trackers = List.copyOf(trackers);
            this.metainfo = metainfo;
            this.addedAt = addedAt;
        }
    }
}

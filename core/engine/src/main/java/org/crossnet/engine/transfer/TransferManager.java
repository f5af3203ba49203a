package org.crossnet.engine.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import org.crossnet.engine.storage.StoredFile;
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
import org.crossnet.spi.model.FileStatus;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TrackerStatus;
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
 * <p>A transfer that completes while a network keeps uploading it ({@link DownloadSession#completed()} true) is
 * SEEDING; the state it completed with is kept in the catalogue, so after a restart its files are opened again as
 * they are and every network that starts is attached to seed it. Each transfer may carry its own rate limits,
 * handed to every network session of it ({@link DownloadSession#rateLimits}) when it starts and when they change.
 * Status snapshots carry per-file progress and the trackers each network last reported.
 *
 * <p>Thread-safe. Adapter code is never called while a transfer's lock is held (adapters call back into sinks from
 * their own threads); rate limits are handed to sessions under a separate per-transfer lock that no sink takes, so
 * that the newest limits are the last ones a session sees. {@link #tick()} is driven once a second by the engine's
 * scheduler.
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
    private final Consumer<List<Path>> onDataDeleted;
    private final Map<TransferId, Transfer> transfers = new ConcurrentHashMap<>();
    private long ticks;

    public TransferManager(AdapterRegistry registry, TransferRepository repository, EventSink events, Clock clock,
                           ContentPaths paths, Consumer<Completed> onComplete, Consumer<List<Path>> onDataDeleted) {
        this.registry = registry;
        this.repository = repository;
        this.events = events;
        this.clock = clock;
        this.paths = paths;
        this.onComplete = onComplete;
        this.onDataDeleted = onDataDeleted;
    }

    /**
     * Loads the catalogue's transfers; call once before the adapters start. A transfer that was SEEDING comes back
     * SEEDING with its storage open over its finished files (the networks attach as they start); see
     * {@link #resumeSeeding}.
     */
    public void restore() {
        for (TransferRow row : repository.findAll()) {
            Transfer t = new Transfer(row.id(), row.content(), row.name(), row.peers(), row.networkPeers(),
                    row.trackers(), row.metainfo(), row.addedAt());
            t.state = row.state();
            t.detail = row.detail();
            t.path = row.path();
            t.downloadLimit = row.downloadLimit();
            t.uploadLimit = row.uploadLimit();
            try {
                if (!row.files().isEmpty()) {
                    t.useLayout(paths.layoutAt(row.path(), row.files()));
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
            if (t.state == TransferState.SEEDING) {
                resumeSeeding(t, row);
            }
            transfers.put(t.id, t);
        }
    }

    /**
     * Opens a seeding transfer's storage again from the state it completed with, over its files where completion
     * left them, without re-checking: as for any resume, the catalogue describes data that was on disk. A file gone
     * or shorter than it was shows as bytes no longer verified; the transfer then stays COMPLETED (its files belong
     * to the user now, and seeding them would mean serving whatever they hold). A transfer stored SEEDING without a
     * completion state (catalogues written before it was kept) comes back COMPLETED too.
     */
    private void resumeSeeding(Transfer t, TransferRow row) {
        try {
            if (row.resumeData() == null) {
                throw GatewayException.invalid("resumeData", null, "the state the transfer completed with");
            }
            ResumeState resume = ResumeState.decode(row.resumeData());
            FileStoredContent storage = t.layout == null ? FileStoredContent.restore(t.id, row.path(), resume)
                    : FileStoredContent.restore(t.id, finishedFiles(t.layout), resume);
            if (!storage.isComplete()) {
                long verified = storage.bytesVerified();
                storage.close();
                throw new GatewayException(GatewayErrorCode.CONFLICT, "files: " + verified + " of " + resume.size()
                        + " bytes as they were at completion (expected: every byte, files unchanged)");
            }
            t.storage = storage;
            t.completedResume = row.resumeData();
        } catch (RuntimeException e) {
            t.state = TransferState.COMPLETED;
            LOG.warn("transfer {} was seeding and cannot seed again (now completed): {}", t.id, e.getMessage());
        }
    }

    /**
     * Where a finished layout's files lie: under their final names, or all still under their part names when the
     * renaming at completion failed ({@link FileStoredContent#finish()} renames all or nothing).
     */
    private static List<StoredFile> finishedFiles(ContentLayout layout) {
        boolean renamed = layout.files().stream()
                .allMatch(f -> Files.isRegularFile(f.file(), LinkOption.NOFOLLOW_LINKS));
        if (!renamed) {
            return layout.files();
        }
        return layout.files().stream().map(f -> new StoredFile(f.file(), f.file(), f.length(), f.offset())).toList();
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
        return add(content, peers, Map.of(), trackers, metainfo, files);
    }

    /**
     * Adds a transfer as {@link #add(ContentId, List, List, Bytes, List)}, with sources that only one network is
     * given: a search hit's sources are addresses on the network that found it, meaningless to the others.
     *
     * @param peers        source addresses for every network (from a link)
     * @param networkPeers source addresses per network, added to {@code peers} in that network's request only
     */
    public TransferStatus add(ContentId content, List<String> peers, Map<NetworkId, List<String>> networkPeers,
                              List<String> trackers, Bytes metainfo, List<ContentFile> files) {
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
            return addLayout(id, content, name, peers, networkPeers, trackers, metainfo, files);
        }
        ContentTarget target = paths.reserve(name);
        Transfer t = new Transfer(id, content.withName(target.file().getFileName().toString()),
                target.file().getFileName().toString(), peers, networkPeers, trackers, metainfo, clock.instant());
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
                                     Map<NetworkId, List<String>> networkPeers, List<String> trackers,
                                     Bytes metainfo, List<ContentFile> files) {
        long total = total(files);
        if (content.sizeKnown() && content.size() != total) {
            throw GatewayException.invalid("files", total + " bytes", "the content's size " + content.size());
        }
        ContentLayout layout = paths.reserveLayout(name, files);
        String folderName = layout.folder().getFileName().toString();
        Transfer t = new Transfer(id, content.withName(folderName).withSize(total), folderName, peers, networkPeers,
                trackers, metainfo, clock.instant());
        try {
            t.storage = FileStoredContent.create(id, layout.files());
        } catch (RuntimeException e) {
            paths.delete(layout);
            throw e;
        }
        t.useLayout(layout);
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

    /**
     * Sets this transfer's rate limits (bytes/second, 0 = none), remembers them across restarts and hands them to
     * every network session of the transfer now and to every one that attaches later. A network that cannot throttle
     * ignores them; the status shows them as set either way.
     *
     * @throws GatewayException INVALID_ARGUMENT for a negative limit; NOT_FOUND for an unknown transfer
     */
    public TransferStatus limit(TransferId id, long downloadLimit, long uploadLimit) {
        if (downloadLimit < 0) {
            throw GatewayException.invalid("downloadLimit", downloadLimit, "bytes/second >= 0, 0 = no limit");
        }
        if (uploadLimit < 0) {
            throw GatewayException.invalid("uploadLimit", uploadLimit, "bytes/second >= 0, 0 = no limit");
        }
        Transfer t = find(id);
        synchronized (t.limits) {
            List<Map.Entry<NetworkId, DownloadSession>> sessions;
            synchronized (t) {
                t.downloadLimit = downloadLimit;
                t.uploadLimit = uploadLimit;
                sessions = new ArrayList<>(t.sessions.entrySet());
            }
            repository.updateLimits(id, downloadLimit, uploadLimit);
            for (Map.Entry<NetworkId, DownloadSession> e : sessions) {
                handLimits(t, e.getKey(), e.getValue(), downloadLimit, uploadLimit);
            }
        }
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
        List<Path> deleted = deleteData ? realPaths(t) : List.of();
        if (deleteData && t.layout != null) {
            int left = paths.delete(t.layout);
            if (left > 0) {
                LOG.warn("transfer {}: {} files or folders of {} not deleted", id, left, t.layout.folder().getFileName());
            }
        } else if (deleteData && t.path != null && t.path.toAbsolutePath().normalize().startsWith(paths.folder())) {
            deleteQuietly(t.path);
        }
        if (!deleted.isEmpty()) {
            onDataDeleted.accept(deleted); // a finished download was shared: its files are gone now
        }
        events.publish(new GatewayEvent.TransferRemoved(id, deleteData));
    }

    /** The real paths of a transfer's files that exist (taken before they are deleted). */
    private List<Path> realPaths(Transfer t) {
        List<Path> candidates = new ArrayList<>();
        if (t.layout != null) {
            t.layout.files().forEach(f -> candidates.add(f.file()));
        } else if (t.path != null) {
            candidates.add(t.path);
        }
        List<Path> real = new ArrayList<>(candidates.size());
        for (Path p : candidates) {
            try {
                real.add(p.toRealPath());
            } catch (IOException e) {
                // not there (never finished, or removed already): nothing shared under it
            }
        }
        return real;
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
        long done = t.storage.bytesWritten();
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
        List<DownloadSession> late = new ArrayList<>();
        synchronized (t) {
            // a network that attached after the copy above was never told: it closes rather than leaking
            t.sessions.forEach((network, session) -> {
                if (seeding.get(network) != session && sessions.get(network) != session) {
                    late.add(session);
                }
            });
            t.sessions.keySet().retainAll(seeding.keySet());
        }
        late.forEach(DownloadSession::close);
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
        // a seeding transfer keeps the state it completed with, so that a restart seeds it again without re-checking
        byte[] resume = null;
        if (!seeding.isEmpty()) {
            try {
                resume = t.storage.snapshot().encode();
            } catch (GatewayException e) {
                LOG.warn("transfer {}: completion state not saved, it will not seed after a restart: {}", t.id,
                        e.getMessage());
            }
        }
        synchronized (t) {
            t.sources.keySet().retainAll(seeding.keySet());
            t.trackerReports.keySet().retainAll(seeding.keySet());
            t.completedResume = resume;
            changeState(t, seeding.isEmpty() ? TransferState.COMPLETED : TransferState.SEEDING, null);
        }
        if (seeding.isEmpty()) {
            t.storage.close();
        }
        repository.updateProgress(t.id, t.state, t.detail, t.path, resume);
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
                t.trackerReports.remove(network);
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

    /**
     * Attaches every network of {@code adapters} that can fetch the transfer and is not attached yet: to download it,
     * or, when it is SEEDING, to seed it (the session is told at once that the content is complete, and closed if it
     * does not upload). Each kept session gets the transfer's rate limits.
     */
    private void attachAll(Transfer t, Map<NetworkId, NetworkAdapter> adapters) {
        for (Map.Entry<NetworkId, NetworkAdapter> e : adapters.entrySet()) {
            NetworkId network = e.getKey();
            Optional<Downloader> downloader = e.getValue().downloader();
            boolean seeding;
            synchronized (t) {
                if (t.removed || t.storage == null || !attachable(t.state) || t.sessions.containsKey(network)
                        || downloader.isEmpty() || !downloader.get().canFetch(t.content)) {
                    continue;
                }
                seeding = t.state == TransferState.SEEDING;
            }
            NetworkSink sink = new NetworkSink(t, network);
            DownloadSession session;
            try {
                session = downloader.get().download(new DownloadRequest(t.id, t.content, t.storage,
                        peersFor(t, network), t.trackers, t.metainfo), sink);
            } catch (RuntimeException ex) {
                sink.starting = false;
                LOG.warn("network {} could not start transfer {}: {}", network, t.id, ex.getMessage());
                continue;
            }
            boolean keep;
            boolean paused;
            synchronized (t) {
                keep = !t.removed && !t.sessions.containsKey(network)
                        && (seeding ? t.state == TransferState.SEEDING : !t.state.complete());
                if (keep) {
                    t.sessions.put(network, session);
                    sink.attached = true;
                    if (t.state == TransferState.QUEUED) {
                        changeState(t, TransferState.DOWNLOADING, null);
                    }
                }
                sink.starting = false;
                if (!keep && !t.sessions.containsKey(network)) {
                    // reported while starting by a session that is not kept
                    t.sources.remove(network);
                    t.trackerReports.remove(network);
                }
                paused = t.state == TransferState.PAUSED;
            }
            if (!keep) {
                session.close();
                continue;
            }
            if (paused) {
                session.pause();
            }
            synchronized (t.limits) {
                if (t.sessions.get(network) == session && (t.downloadLimit != 0 || t.uploadLimit != 0)) {
                    handLimits(t, network, session, t.downloadLimit, t.uploadLimit);
                }
            }
            // the same path as a download that completes: the session seeds, or says it cannot and is closed
            if (seeding && !session.completed()) {
                synchronized (t) {
                    if (t.sessions.remove(network, session)) {
                        t.sources.remove(network);
                        t.trackerReports.remove(network);
                    }
                }
                session.close();
            }
        }
        synchronized (t) {
            if (t.state == TransferState.QUEUED && t.sessions.isEmpty()) {
                t.detail = "waiting for a running network that can fetch " + identities(t.content);
            }
        }
    }

    /** Downloading (or waiting to) and seeding transfers take networks; completed and failed ones do not. */
    private static boolean attachable(TransferState state) {
        return state == TransferState.SEEDING || !state.complete() && state != TransferState.FAILED;
    }

    /** The sources a network is given: the link's (every network's) and its own (from its search hits). */
    private static List<String> peersFor(Transfer t, NetworkId network) {
        List<String> own = t.networkPeers.get(network);
        if (own == null) {
            return t.peers;
        }
        LinkedHashSet<String> all = new LinkedHashSet<>(t.peers);
        all.addAll(own);
        return List.copyOf(all);
    }

    /** Hands limits to one session; caller holds {@code t.limits}. An adapter failing here fails alone. */
    private static void handLimits(Transfer t, NetworkId network, DownloadSession session, long down, long up) {
        try {
            session.rateLimits(down, up);
        } catch (RuntimeException e) {
            LOG.warn("network {} refused the rate limits of transfer {}: {}", network, t.id, e.toString());
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

    /**
     * One snapshot. Cheap enough to poll: no I/O, the written-block count, and per-file progress from one merge pass
     * over the verified ranges and the files (not a walk over blocks).
     */
    private TransferStatus status(Transfer t) {
        synchronized (t) {
            long total = t.storage != null ? t.storage.size() : t.content.size();
            long done;
            long verified;
            if (t.state.complete()) {
                done = total;
                verified = total;
            } else if (t.storage != null) {
                done = t.storage.bytesWritten();
                verified = t.storage.bytesVerified();
            } else {
                done = 0;
                verified = 0;
            }
            ContentId content = total >= 0 && !t.content.sizeKnown() ? t.content.withSize(total) : t.content;
            List<TrackerStatus> trackers = new ArrayList<>();
            t.trackerReports.values().forEach(trackers::addAll);
            return new TransferStatus(t.id, t.name, content, t.state, done, verified, total,
                    t.down.bytesPerSecond(), t.up.bytesPerSecond(), new LinkedHashMap<>(t.sources), t.detail,
                    t.addedAt, files(t, total, verified), trackers, t.downloadLimit, t.uploadLimit);
        }
    }

    /**
     * Per-file progress: one entry for single-file content once its size is known (none before), one per file of a
     * layout. A complete transfer's files are complete whatever became of its storage. Caller holds {@code t}.
     */
    private static List<FileStatus> files(Transfer t, long total, long verified) {
        FileIndex index = t.fileIndex;
        if (index == null) {
            return total < 0 ? List.of() : List.of(new FileStatus(t.name, total, 0, verified));
        }
        long[] done;
        if (t.state.complete()) {
            done = index.lengths();
        } else if (t.storage != null) {
            done = t.storage.bytesVerifiedWithin(index.starts(), index.ends());
        } else {
            done = new long[index.paths().length];
        }
        List<FileStatus> out = new ArrayList<>(index.paths().length);
        for (int i = 0; i < index.paths().length; i++) {
            out.add(new FileStatus(index.paths()[i], index.lengths()[i], index.starts()[i], done[i]));
        }
        return out;
    }

    private Transfer find(TransferId id) {
        Transfer t = transfers.get(id);
        if (t == null) {
            throw GatewayException.notFound("transfer", id);
        }
        return t;
    }

    /**
     * The catalogue row; {@code resume} null saves none, except that a SEEDING transfer always keeps the state it
     * completed with (a network reporting the content again after a restart must not make it forget it).
     */
    private static TransferRow row(Transfer t, byte[] resume) {
        ContentLayout layout = t.layout;
        byte[] kept = resume == null && t.state == TransferState.SEEDING ? t.completedResume : resume;
        return new TransferRow(t.id, t.name, t.state, t.content, t.peers, t.trackers, t.metainfo, t.path, t.detail,
                t.addedAt, kept, layout == null ? List.of() : layout.relativeFiles(), t.downloadLimit, t.uploadLimit,
                t.networkPeers);
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
        /** Set once a foreign tracker entry was logged, so that a buggy adapter does not flood the log. */
        volatile boolean warnedForeign;

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
                t.useLayout(layout);
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

        /**
         * Replaces this network's tracker list. Entries naming another network are dropped (a network speaks for
         * itself only); the first time that happens it is logged, since it is a bug in the adapter.
         */
        @Override
        public void trackers(List<TrackerStatus> trackers) {
            List<TrackerStatus> own = new ArrayList<>(trackers == null ? 0 : trackers.size());
            int foreign = 0;
            if (trackers != null) {
                for (TrackerStatus tracker : trackers) {
                    if (tracker != null && network.equals(tracker.network())) {
                        own.add(tracker);
                    } else {
                        foreign++;
                    }
                }
            }
            if (foreign > 0 && !warnedForeign) {
                warnedForeign = true;
                LOG.warn("network {} reported {} trackers of transfer {} not its own (or null); dropped", network,
                        foreign, t.id);
            }
            synchronized (t) {
                if (!live()) {
                    return;
                }
                if (own.isEmpty()) {
                    t.trackerReports.remove(network);
                } else {
                    t.trackerReports.put(network, List.copyOf(own));
                }
            }
        }

        @Override
        public void failed(String reason) {
            synchronized (t) {
                if (!live()) {
                    return;
                }
                t.sessions.remove(network);
                t.sources.remove(network);
                t.trackerReports.remove(network);
                LOG.debug("network {} gave up transfer {}: {}", network, t.id, reason);
                if (t.sessions.isEmpty() && t.state == TransferState.DOWNLOADING) {
                    changeState(t, TransferState.QUEUED, network + " gave up: " + reason);
                }
            }
        }
    }

    /**
     * The files of a layout as status snapshots show them, computed once per layout (a torrent may list 100,000
     * files): '/'-joined relative paths, starts and ends in the byte space.
     */
    private record FileIndex(String[] paths, long[] starts, long[] ends, long[] lengths) {
        static FileIndex of(ContentLayout layout) {
            List<ContentFile> files = layout.relativeFiles();
            int n = files.size();
            String[] paths = new String[n];
            long[] starts = new long[n];
            long[] ends = new long[n];
            long[] lengths = new long[n];
            for (int i = 0; i < n; i++) {
                ContentFile f = files.get(i);
                paths[i] = String.join("/", f.path());
                starts[i] = f.offset();
                lengths[i] = f.length();
                ends[i] = f.offset() + f.length();
            }
            return new FileIndex(paths, starts, ends, lengths);
        }
    }

    /** Mutable state of one transfer; fields guarded by the instance's monitor unless noted. */
    private static final class Transfer {
        final TransferId id;
        volatile String name;
        /** Sources for every network (from a link). */
        final List<String> peers;
        /** Sources for one network only (from its search hits); immutable. */
        final Map<NetworkId, List<String>> networkPeers;
        final List<String> trackers;
        final Bytes metainfo;
        final java.time.Instant addedAt;
        final Map<NetworkId, DownloadSession> sessions = new ConcurrentHashMap<>();
        final Map<NetworkId, SourceCount> sources = new HashMap<>();
        /** Each network's latest tracker list, by network id so that snapshots list them in a stable order. */
        final Map<NetworkId, List<TrackerStatus>> trackerReports = new TreeMap<>(
                Comparator.comparing(NetworkId::value));
        final RateMeter down = new RateMeter();
        final RateMeter up = new RateMeter();
        /**
         * Held while limits are handed to sessions (never by a sink), so that concurrent changes and attaches reach
         * each session in the order the limits were set. Taken before the instance's monitor, never after.
         */
        final Object limits = new Object();
        volatile ContentId content;
        volatile TransferState state;
        volatile String detail;
        volatile Path path;
        volatile FileStoredContent storage;
        /** A multi-file transfer's files in its folder ({@link #path}); null for single-file content. */
        volatile ContentLayout layout;
        /** {@link #layout} for status snapshots; null for single-file content. */
        volatile FileIndex fileIndex;
        /** The name a network reported for the content (torrent metadata), used for a multi-file folder. */
        volatile String resolvedName;
        /** The encoded state the transfer completed with, kept while it is SEEDING; null otherwise. */
        volatile byte[] completedResume;
        /** Bytes/second, 0 = none; written under {@link #limits}. */
        volatile long downloadLimit;
        volatile long uploadLimit;
        volatile boolean removed;
        long reportedDone = -1;
        long reportedVerified = -1;

        Transfer(TransferId id, ContentId content, String name, List<String> peers,
                 Map<NetworkId, List<String>> networkPeers, List<String> trackers, Bytes metainfo,
                 java.time.Instant addedAt) {
            this.id = id;
            this.content = content;
            this.name = name;
            this.peers = List.copyOf(peers);
            Map<NetworkId, List<String>> own = new HashMap<>();
            networkPeers.forEach((network, list) -> {
                if (!list.isEmpty()) {
                    own.put(network, List.copyOf(list));
                }
            });
            this.networkPeers = Map.copyOf(own);
            this.trackers = List.copyOf(trackers);
            this.metainfo = metainfo;
            this.addedAt = addedAt;
        }

        void useLayout(ContentLayout layout) {
            this.fileIndex = FileIndex.of(layout);
            this.layout = layout;
        }
    }
}

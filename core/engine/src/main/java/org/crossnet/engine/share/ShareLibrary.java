package org.crossnet.engine.share;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.crossnet.engine.facade.ShareLinks;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.engine.hash.FileHasher;
import org.crossnet.engine.hash.FileHashes;
import org.crossnet.engine.persistence.ShareRepository;
import org.crossnet.engine.persistence.ShareRow;
import org.crossnet.engine.registry.AdapterRegistry;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.Publisher;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.link.Ed2kLink;
import org.crossnet.spi.link.MagnetLink;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.ShareId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share library: files the gateway publishes on every network. Adding a file or folder records each regular
 * file and queues it for hashing; one background thread hashes files one at a time in one read pass into every
 * network's identity ({@link FileHasher}), reporting progress as events. A file is re-hashed only when its size or
 * modification time changed. Hashed files are published to every running adapter with {@link AdapterCapability#PUBLISH}
 * and found by any of their identities through {@link #findShared}.
 *
 * <p>Only files under the configured share roots may be added through the API (checked on the real path, so a
 * symbolic link cannot lead out). Thread-safe.
 */
public final class ShareLibrary implements AdapterRegistry.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShareLibrary.class);
    /** Most files one share.add may record. */
    public static final int MAX_FILES_PER_ADD = 100_000;

    /** Set by {@link #close}: a hashing task that fails from then on was interrupted by it. */
    private volatile boolean closing;
    private final ShareRepository repository;
    private final AdapterRegistry registry;
    private final EventSink events;
    private final Clock clock;
    private final List<Path> roots;
    private final List<String> trackers;
    private final FileHasher hasher;
    private final ExecutorService hashing;
    private final Map<ShareId, Entry> entries = new ConcurrentHashMap<>();
    private final Map<ContentHash, ShareId> byHash = new ConcurrentHashMap<>();

    public ShareLibrary(ShareRepository repository, AdapterRegistry registry, EventSink events, Clock clock,
                        List<Path> roots, List<String> trackers, FileHasher hasher) {
        this.repository = repository;
        this.registry = registry;
        this.events = events;
        this.clock = clock;
        this.roots = List.copyOf(roots);
        this.trackers = List.copyOf(trackers);
        this.hasher = hasher;
        this.hashing = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crossnet-hasher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the catalogue: unchanged hashed files are ready at once, changed or unhashed ones are queued. */
    public void restore() {
        for (ShareRow row : repository.findAll()) {
            Entry entry = new Entry(row);
            entries.put(row.id(), entry);
            Optional<BasicFileAttributes> attrs = attributes(row.path());
            if (attrs.isEmpty()) {
                entry.row = with(row, ShareState.FAILED, "file missing: " + row.path().getFileName());
                continue;
            }
            boolean unchanged = attrs.get().size() == row.size()
                    && attrs.get().lastModifiedTime().toMillis() == row.mtimeMillis();
            if (unchanged && row.state() == ShareState.READY && row.content() != null) {
                index(entry.row);
            } else {
                entry.row = with(row, ShareState.HASHING, null);
                queue(entry);
            }
        }
    }

    /**
     * Adds a file, or every regular file below a folder (symbolic links are not followed). Files already in the
     * library are returned as they are.
     *
     * @throws GatewayException INVALID_ARGUMENT for a relative path or one outside the share roots, NOT_FOUND when
     *                          nothing is there, LIMIT_EXCEEDED for folders over {@link #MAX_FILES_PER_ADD} files
     */
    public List<ShareView> add(String pathText) {
        Path real = resolveAllowed(pathText);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(real)) {
            try (Stream<Path> walk = Files.walk(real)) {
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(p -> {
                    if (files.size() >= MAX_FILES_PER_ADD) {
                        throw new GatewayException(GatewayErrorCode.LIMIT_EXCEEDED, "path: more than "
                                + MAX_FILES_PER_ADD + " files below " + pathText + " (expected: a smaller folder)");
                    }
                    files.add(p);
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT, "path: " + pathText
                        + " (expected: a readable folder)");
            }
        } else if (Files.isRegularFile(real)) {
            files.add(real);
        } else {
            throw GatewayException.invalid("path", pathText, "a regular file or a folder");
        }
        List<ShareView> added = new ArrayList<>(files.size());
        for (Path file : files) {
            added.add(addFile(file));
        }
        return added;
    }

    /** Adds a finished download (inside the download folder, which need not be a share root). */
    public void addCompleted(Path file) {
        try {
            addFile(file.toRealPath());
        } catch (IOException | GatewayException e) {
            LOG.warn("finished download {} not shared: {}", file.getFileName(), e.getMessage());
        }
    }

    /**
     * Stops sharing whichever of {@code realPaths} are shared: the files of a transfer removed with its data, which
     * {@link #addCompleted} shared when it finished. Paths are compared as {@link Path#toRealPath} gave them.
     */
    public void removeFiles(Collection<Path> realPaths) {
        Set<Path> gone = Set.copyOf(realPaths);
        for (Entry entry : List.copyOf(entries.values())) {
            if (gone.contains(entry.row.path())) {
                try {
                    remove(entry.row.id());
                } catch (GatewayException e) {
                    // removed meanwhile by another call: nothing left to do
                }
            }
        }
    }

    public List<ShareView> list() {
        return entries.values().stream().map(e -> view(e))
                .sorted(java.util.Comparator.comparing(ShareView::addedAt).thenComparing(ShareView::path)).toList();
    }

    public ShareView get(ShareId id) {
        return view(find(id));
    }

    /** Stops sharing; the file stays on disk. */
    public void remove(ShareId id) {
        Entry entry = find(id);
        entries.remove(id);
        entry.removed = true;
        repository.delete(id);
        ContentId content = entry.row.content();
        if (content != null) {
            for (ContentHash hash : content.hashes()) {
                byHash.remove(hash, id);
            }
            if (entry.row.state() == ShareState.READY) {
                for (NetworkAdapter adapter : registry.running(AdapterCapability.PUBLISH).values()) {
                    adapter.publisher().ifPresent(p -> p.withdraw(content));
                }
            }
        }
        events.publish(new GatewayEvent.ShareRemoved(id));
    }

    /** Links for a hashed share. */
    public ShareLinks links(ShareId id) {
        ShareRow row = find(id).row;
        if (row.state() != ShareState.READY || row.content() == null) {
            throw new GatewayException(GatewayErrorCode.CONFLICT, "share " + id + " is " + row.state()
                    + " (expected: READY; links exist once hashing is done)");
        }
        ContentId content = row.content();
        String magnet = MagnetLink.from(content, trackers, List.of()).format();
        String ed2k = content.size() > 0 ? Ed2kLink.from(content, List.of()).format() : null;
        FileHashes hashes = new FileHashes(content, row.ed2kParts(), row.torrentInfo(), row.pieceLength());
        // one tier: a client tries the trackers in turn (BEP 12)
        return new ShareLinks(magnet, ed2k, hashes.torrent(trackers.isEmpty() ? List.of() : List.of(trackers), null));
    }

    /** A hashed share with this identity, if any. */
    public Optional<SharedFile> findShared(ContentHash hash) {
        ShareId id = byHash.get(hash);
        Entry entry = id == null ? null : entries.get(id);
        return entry == null || entry.row.state() != ShareState.READY ? Optional.empty()
                : Optional.of(sharedFile(entry.row));
    }

    public int size() {
        return entries.size();
    }

    @Override
    public void started(NetworkId network, NetworkAdapter adapter) {
        Optional<Publisher> publisher = adapter.publisher();
        if (publisher.isEmpty()) {
            return;
        }
        for (Entry entry : entries.values()) {
            if (entry.row.state() == ShareState.READY) {
                publish(publisher.get(), network, entry.row);
            }
        }
    }

    @Override
    public void stopping(NetworkId network, NetworkAdapter adapter) {
        // the adapter forgets its shares when it closes; nothing to undo here
    }

    @Override
    public void close() {
        closing = true;
        hashing.shutdownNow();
        try {
            if (!hashing.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("hasher did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ShareView addFile(Path file) {
        for (Entry existing : entries.values()) {
            if (existing.row.path().equals(file)) {
                return view(existing);
            }
        }
        BasicFileAttributes attrs = attributes(file).orElseThrow(() -> GatewayException.notFound("file", file));
        ShareRow row = new ShareRow(ShareId.random(), file, file.getFileName().toString(), attrs.size(),
                attrs.lastModifiedTime().toMillis(), ShareState.HASHING, null, clock.instant(), null, List.of(),
                null, 0);
        Entry entry = new Entry(row);
        synchronized (entries) {
            for (Entry existing : entries.values()) {
                if (existing.row.path().equals(file)) {
                    return view(existing);
                }
            }
            repository.save(row);
            entries.put(row.id(), entry);
        }
        events.publish(new GatewayEvent.ShareAdded(row.id(), row.name(), row.size()));
        queue(entry);
        return view(entry);
    }

    private void queue(Entry entry) {
        hashing.execute(() -> hash(entry));
    }

    private void hash(Entry entry) {
        if (entry.removed) {
            return;
        }
        ShareRow row = entry.row;
        try {
            BasicFileAttributes before = attributes(row.path())
                    .orElseThrow(() -> new NoSuchFileException(row.path().toString()));
            FileHashes hashes = hasher.hash(row.path(), (hashed, total) -> {
                entry.bytesHashed = hashed;
                events.publish(new GatewayEvent.ShareHashing(row.id(), hashed, total));
            }, () -> entry.removed);
            ContentId content = hashes.contentId();
            ShareRow ready = new ShareRow(row.id(), row.path(), row.name(), content.size(),
                    before.lastModifiedTime().toMillis(), ShareState.READY, null, row.addedAt(), content,
                    hashes.ed2kPartHashes(), hashes.infoDictionary(), hashes.pieceLength());
            if (entry.removed) {
                return;
            }
            repository.save(ready);
            entry.row = ready;
            entry.bytesHashed = content.size();
            index(ready);
            events.publish(new GatewayEvent.ShareReady(row.id(), content));
            registry.running(AdapterCapability.PUBLISH).forEach((network, adapter) ->
                    adapter.publisher().ifPresent(p -> publish(p, network, ready)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: the share is hashed again on the next start
        } catch (CancellationException e) {
            LOG.debug("hashing of {} cancelled", row.name());
        } catch (IOException | RuntimeException e) {
            if (closing || Thread.currentThread().isInterrupted()) {
                // shutting down: the interrupt broke the file or catalogue access, not the share; hashed again on
                // the next start (before, the FAILED row's save failed too and the task died with it)
                return;
            }
            String reason = e instanceof NoSuchFileException ? "file missing" : "cannot hash: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            ShareRow failed = with(row, ShareState.FAILED, reason);
            if (!entry.removed) {
                entry.row = failed;
                events.publish(new GatewayEvent.ShareFailed(row.id(), reason));
                try {
                    repository.save(failed);
                } catch (GatewayException saveFailure) {
                    LOG.warn("share {} failed ({}) and its state was not saved: {}", row.name(), reason,
                            saveFailure.getMessage());
                }
            }
        }
    }

    private void index(ShareRow row) {
        for (ContentHash hash : row.content().hashes()) {
            byHash.put(hash, row.id());
        }
    }

    private void publish(Publisher publisher, NetworkId network, ShareRow row) {
        try {
            publisher.publish(sharedFile(row));
        } catch (RuntimeException e) {
            LOG.warn("network {} could not publish {}: {}", network, row.name(), e.toString());
        }
    }

    private SharedFile sharedFile(ShareRow row) {
        return new SharedFile(row.id(), row.content(), row.path(), row.ed2kParts(), row.torrentInfo(), trackers);
    }

    private Path resolveAllowed(String pathText) {
        if (pathText == null || pathText.isBlank() || pathText.indexOf('\0') >= 0) {
            throw GatewayException.invalid("path", pathText, "an absolute path");
        }
        Path path;
        try {
            path = Path.of(pathText);
        } catch (java.nio.file.InvalidPathException e) {
            throw GatewayException.invalid("path", pathText, "a valid path");
        }
        if (!path.isAbsolute()) {
            throw GatewayException.invalid("path", pathText, "an absolute path");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw GatewayException.notFound("path", pathText);
        }
        for (Path root : roots) {
            Path realRoot;
            try {
                realRoot = root.toRealPath();
            } catch (IOException e) {
                continue; // a root that does not exist shares nothing
            }
            if (real.startsWith(realRoot)) {
                return real;
            }
        }
        throw GatewayException.invalid("path", pathText, "a path under a share root " + roots
                + " (crossnet.share-roots)");
    }

    private static Optional<BasicFileAttributes> attributes(Path file) {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ShareRow with(ShareRow row, ShareState state, String detail) {
        return new ShareRow(row.id(), row.path(), row.name(), row.size(), row.mtimeMillis(), state, detail,
                row.addedAt(), row.content(), row.ed2kParts(), row.torrentInfo(), row.pieceLength());
    }

    private Entry find(ShareId id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            throw GatewayException.notFound("share", id);
        }
        return entry;
    }

    private static ShareView view(Entry entry) {
        ShareRow row = entry.row;
        long hashed = row.state() == ShareState.READY ? row.size() : entry.bytesHashed;
        return new ShareView(row.id(), row.path().toString(), row.name(), row.size(), row.state(), hashed,
                row.content(), row.detail(), row.addedAt());
    }

    /** A library entry; {@code row} is replaced as hashing progresses. */
    private static final class Entry {
        volatile ShareRow row;
        volatile long bytesHashed;
        volatile boolean removed;

        Entry(ShareRow row) {
            this.row = row;
        }
    }
}

package org.crossnet.adapter.edonkey.aich;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.spi.hash.AichBlockHasher;
import org.crossnet.spi.hash.AichNodeHash;
import org.crossnet.spi.hash.AichRecovery;
import org.crossnet.spi.hash.AichTree;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Ed2kHash;

/**
 * Answers OP_AICHREQUEST for files we share: the part's recovery data (its block hashes and the sibling hashes up to
 * the root), computed from the file on disk off the event loop. A file's part hashes take one read of the whole file
 * and are kept for the {@link #CACHED_FILES} files asked most recently (20 bytes per part: at most 565 KB for a
 * 256 GiB file); each request then reads only its own part. Requests for a file still being hashed share that work.
 * As aMule, the answer carries data only when the requested root is the file's (and, when the share names its root,
 * that one too) and the part holds more than one block; otherwise it is the 16-byte "no data" answer.
 *
 * <p>Thread-safe; {@link #answer} returns at once and completes on the blocking executor.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/BaseClient.cpp">aMule BaseClient.cpp
 *      (ProcessAICHRequest)</a>
 */
public final class AichServer {
    /** Files whose part hashes are kept. */
    public static final int CACHED_FILES = 16;
    private static final int READ_SIZE = 1 << 20;

    /** A file's AICH tree above its parts. */
    private record FileTree(AichRoot root, byte[] partHashes) {
    }

    private record Key(Path path, long size, long modified) {
    }

    private final Executor blocking;
    private final System.Logger logger;
    private final Map<Key, CompletableFuture<FileTree>> trees = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<FileTree>> eldest) {
            return size() > CACHED_FILES;
        }
    };
    private final java.util.concurrent.atomic.AtomicLong fileHashings = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();

    public AichServer(Executor blocking, System.Logger logger) {
        this.blocking = blocking;
        this.logger = logger;
    }

    /**
     * The answer to {@code request} for the shared file at {@code path}.
     *
     * @param size  the shared file's size
     * @param known the share's AICH root, or null when the share does not name one
     */
    public CompletableFuture<ClientMessage> answer(ClientMessage.AichRequest request, Path path, long size,
                                                   AichRoot known) {
        ClientMessage.AichNoAnswer none = new ClientMessage.AichNoAnswer(request.file());
        if (!AichRecovery.recoverable(size, request.part()) || (known != null && !known.equals(request.root()))) {
            return CompletableFuture.completedFuture(none);
        }
        // everything that touches the disk (even the file's timestamp) runs on the blocking executor
        CompletableFuture<Key> key;
        try {
            key = CompletableFuture.supplyAsync(() -> key(path, size), blocking);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the adapter is stopping
            return CompletableFuture.completedFuture(none);
        }
        return key
                .thenCompose(this::tree)
                .thenApplyAsync(t -> {
                    if (!t.root().equals(request.root())) {
                        return (ClientMessage) none;
                    }
                    byte[] blocks = partBlockHashes(path, size, request.part());
                    List<AichNodeHash> data = AichRecovery.build(size, request.part(), t.partHashes(), blocks);
                    served.incrementAndGet();
                    return answer(request.file(), request.part(), t.root(), data, size);
                }, blocking)
                .exceptionally(e -> {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    logger.log(System.Logger.Level.WARNING, "aich: " + path + " unreadable: " + cause.getMessage());
                    return none;
                });
    }

    private static ClientMessage answer(Ed2kHash file, int part, AichRoot root, List<AichNodeHash> data, long size) {
        return new ClientMessage.AichAnswer(file, part, root, data, AichTree.wideIds(size));
    }

    /** Answers with recovery data given since start. */
    public long served() {
        return served.get();
    }

    /** Whole-file hashings done since start (to see the cache work). */
    public long fileHashings() {
        return fileHashings.get();
    }

    private static Key key(Path path, long size) {
        try {
            return new Key(path, size, Files.getLastModifiedTime(path).toMillis());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The file's tree: cached, being computed (shared), or computed now on the blocking executor. */
    private CompletableFuture<FileTree> tree(Key key) {
        synchronized (trees) {
            CompletableFuture<FileTree> f = trees.get(key);
            if (f != null && !f.isCompletedExceptionally()) {
                return f;
            }
            CompletableFuture<FileTree> computing = CompletableFuture.supplyAsync(() -> hashFile(key.path(),
                    key.size()), blocking);
            trees.put(key, computing);
            return computing;
        }
    }

    /** On the blocking executor: the whole file through the AICH tree. */
    private FileTree hashFile(Path path, long size) {
        fileHashings.incrementAndGet();
        AichTree tree = new AichTree(size);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() != size) {
                throw new IllegalStateException("file: " + path + " is " + ch.size() + " bytes (expected: " + size
                        + ")");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(READ_SIZE, Math.max(1, size)));
            for (long off = 0; off < size; ) {
                buf.clear();
                int n = ch.read(buf, off);
                if (n < 0) {
                    throw new IllegalStateException("file: " + path + " ended at " + off + " (expected: " + size
                            + " bytes)");
                }
                buf.flip();
                tree.update(buf);
                off += n;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new FileTree(tree.root(), tree.partHashes());
    }

    private static byte[] partBlockHashes(Path path, long size, int part) {
        long start = part * AichTree.PART_SIZE;
        long len = AichTree.partLength(size, part);
        AichBlockHasher hasher = new AichBlockHasher(len);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(READ_SIZE);
            for (long off = start; off < start + len; ) {
                buf.clear();
                buf.limit((int) Math.min(READ_SIZE, start + len - off));
                int n = ch.read(buf, off);
                if (n < 0) {
                    throw new IOException("file: " + path + " ended at " + off);
                }
                buf.flip();
                hasher.update(buf);
                off += n;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return hasher.blockHashes();
    }
}

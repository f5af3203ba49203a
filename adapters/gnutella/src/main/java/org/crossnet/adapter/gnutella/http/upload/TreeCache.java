package org.crossnet.adapter.gnutella.http.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.crossnet.adapter.gnutella.http.Gate;
import org.crossnet.adapter.gnutella.http.ServedFile;
import org.crossnet.adapter.gnutella.http.thex.HashTree;
import org.crossnet.adapter.gnutella.http.thex.TigerTree;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * The THEX trees of shared files, computed on first request by reading the file once on the blocking executor (the
 * share library only keeps the root) and kept for the most recently used files. The tree has gtk-gnutella's depth
 * for the size ({@link HashTree#goodDepth}). A tree whose root differs from the file's known TTH root is refused: the
 * file changed since it was hashed, and serving it would make downloaders ban us; the refusal is kept for that
 * share, so a changed file is not hashed again on every request. Thread-safe.
 */
public final class TreeCache {
    private static final int READ_BUFFER = 1 << 20;

    private final Executor blocking;
    private final Gate gate;
    private final Map<ServedFile, CompletableFuture<HashTree>> trees;

    public TreeCache(Executor blocking, Gate gate, int capacity) {
        this.blocking = blocking;
        this.gate = gate;
        this.trees = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ServedFile, CompletableFuture<HashTree>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The file's tree; completes on a blocking-executor thread (or at once when cached). Fails with
     * {@link IllegalStateException} when the file has no TTH root or its content no longer matches it, and with
     * {@link java.io.UncheckedIOException} when it cannot be read.
     */
    public CompletableFuture<HashTree> tree(ServedFile file) {
        TigerTreeRoot expected = file.content().tth();
        if (expected == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("tth: none (expected: a shared file "
                    + "hashed with its TTH root)"));
        }
        CompletableFuture<HashTree> future;
        synchronized (trees) {
            // Failures are kept too: a file that no longer matches its root is not hashed again on every request.
            future = trees.get(file);
            if (future != null) {
                return future;
            }
            future = new CompletableFuture<>();
            trees.put(file, future);
        }
        CompletableFuture<HashTree> result = future;
        boolean started = gate.execute(blocking, () -> {
            try {
                HashTree tree = compute(file.path(), file.size());
                if (!tree.root().equals(expected)) {
                    throw new IllegalStateException("tth: " + tree.root() + " (expected: " + expected
                            + ", the root the file was shared with)");
                }
                result.complete(tree);
            } catch (IOException e) {
                result.completeExceptionally(new CompletionException(e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!started) {
            result.completeExceptionally(new IllegalStateException("uploads: closed"));
        }
        return result;
    }

    /** Reads {@code size} bytes of the file and builds its tree down to {@link HashTree#goodDepth}. Blocking. */
    public static HashTree compute(Path path, long size) throws IOException {
        int depth = HashTree.goodDepth(size);
        long nodeSize = HashTree.nodeSize(size, depth);
        List<byte[]> nodes = new ArrayList<>();
        TigerTree.Hasher hasher = new TigerTree.Hasher();
        long inNode = 0;
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long position = 0;
            while (position < size) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), size - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("file: ends at " + position + " (expected: " + size + " bytes)");
                }
                position += n;
                buffer.flip();
                while (buffer.hasRemaining()) {
                    int take = (int) Math.min(buffer.remaining(), nodeSize - inNode);
                    hasher.update(buffer.array(), buffer.position(), take);
                    buffer.position(buffer.position() + take);
                    inNode += take;
                    if (inNode == nodeSize) {
                        nodes.add(hasher.finish());
                        hasher = new TigerTree.Hasher();
                        inNode = 0;
                    }
                }
            }
        }
        if (inNode > 0 || nodes.isEmpty()) {
            nodes.add(hasher.finish());
        }
        return HashTree.fromLevel(size, depth, nodes);
    }
}

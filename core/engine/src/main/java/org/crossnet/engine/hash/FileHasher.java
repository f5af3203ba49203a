package org.crossnet.engine.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bouncycastle.crypto.digests.TigerDigest;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.hash.AichTree;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * Hashes a file in one sequential read into every identity the gateway's networks use: SHA-1 (Gnutella), ed2k and
 * its hashset (eDonkey), the AICH root (eMule), the TTH root (Gnutella, Direct Connect) and the BitTorrent v1
 * infohash of a single-file torrent.
 *
 * <p>The file is read in {@link #BUFFER_SIZE} buffers. With two threads, the calling thread feeds SHA-1, the torrent
 * pieces and AICH (three SHA-1 streams) while a helper thread feeds MD4; then both hash the buffer's Tiger tree
 * leaves, taking 64 KiB chunks from a shared counter, so the slowest digest is what gets split and the load
 * balances itself. The calling thread reads the next buffer while the helper is still busy. The tree is folded in
 * file order on the calling thread. One helper thread is started per call, for files above two buffers.
 *
 * <p>Thread-safe: each call uses its own state; calls may run concurrently.
 */
public final class FileHasher {
    /** Bytes read and hashed per step. */
    public static final int BUFFER_SIZE = 1 << 20;
    /** Progress is reported at most about this often, in bytes, and at the end. */
    public static final long PROGRESS_INTERVAL = 64L << 20;
    /** Smallest torrent piece length chosen. */
    public static final int MIN_PIECE_LENGTH = 16 << 10;
    /** Largest torrent piece length chosen. */
    public static final int MAX_PIECE_LENGTH = 16 << 20;
    /** The piece length grows until a file has at most this many pieces (or the largest piece length is reached). */
    public static final int TARGET_MAX_PIECES = 2000;

    private static final int SLICE_SIZE = 32 << 10;
    private static final int CHUNKS_PER_BUFFER = BUFFER_SIZE / TigerTree.CHUNK_SIZE;

    private final int threads;

    /** A hasher using two threads when the machine has two cores or more. */
    public FileHasher() {
        this(Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** @param threads 1 (all digests on the calling thread) or 2 (the calling thread and one helper) */
    public FileHasher(int threads) {
        if (threads < 1 || threads > 2) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1 or 2)");
        }
        this.threads = threads;
    }

    /**
     * The torrent piece length for a file: the smallest power of two from 16 KiB to 16 MiB that gives at most 2000
     * pieces, so files from about 32 MiB to 32 GiB get 1001 to 2000 pieces, smaller files 16 KiB pieces and larger
     * ones 16 MiB pieces.
     */
    public static int pieceLengthFor(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
        int pieceLength = MIN_PIECE_LENGTH;
        while (pieceLength < MAX_PIECE_LENGTH && (size + pieceLength - 1) / pieceLength > TARGET_MAX_PIECES) {
            pieceLength <<= 1;
        }
        return pieceLength;
    }

    /** Hashes {@code file} without progress reports or a cancel flag. */
    public FileHashes hash(Path file) throws IOException, InterruptedException {
        return hash(file, HashProgressListener.NONE, () -> false);
    }

    /**
     * Hashes {@code file}, blocking until done. The torrent name and {@link ContentId#name()} are the file's name.
     *
     * @param listener        told the progress on the calling thread
     * @param cancelRequested checked once per buffer; true stops hashing
     * @throws InterruptedException  when the calling thread is interrupted (checked once per buffer, and while
     *                               reading or waiting for the helper)
     * @throws CancellationException when {@code cancelRequested} turns true
     * @throws IOException           when the file cannot be read or changes size while being hashed
     */
    public FileHashes hash(Path file, HashProgressListener listener, BooleanSupplier cancelRequested)
            throws IOException, InterruptedException {
        Path fileName = file.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("file: " + file + " (expected: a path to a regular file)");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            Job job = new Job(file, channel, size, listener, cancelRequested);
            job.run(threads == 2 && size > 2L * BUFFER_SIZE);
            return job.result(fileName.toString());
        } catch (ClosedByInterruptException e) {
            // the channel noticed the interrupt first; report it as an interrupt, leaving the flag cleared
            Thread.interrupted();
            InterruptedException ie = new InterruptedException("file: " + file + " (hashing interrupted)");
            ie.initCause(e);
            throw ie;
        }
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1: missing (expected: every JDK provides it)", e);
        }
    }

    /** One file's hashing state; confined to the calling thread except where noted. */
    private static final class Job {
        private final Path file;
        private final FileChannel channel;
        private final long size;
        private final HashProgressListener listener;
        private final BooleanSupplier cancelRequested;
        private final int pieceLength;

        private final MessageDigest fileSha1 = sha1();
        private final PieceHashes pieces;
        private final AichTree aich;
        // fed by the helper thread when there is one; handed over through the semaphores
        private final Ed2kHashSet ed2k = new Ed2kHashSet();
        private final TigerTree tree = new TigerTree();
        private final TigerDigest tiger = new TigerDigest();
        private final byte[] scratch = new byte[TigerTree.CHUNK_LEAVES * TigerTree.HASH_SIZE];

        // the buffer being hashed, its length and its Tiger chunk results; published to the helper by `start`
        private byte[] current;
        private int currentLength;
        private final AtomicInteger nextChunk = new AtomicInteger();
        private final byte[] chunkRoots = new byte[CHUNKS_PER_BUFFER * TigerTree.HASH_SIZE];
        private final byte[] tailLeaves = new byte[TigerTree.CHUNK_LEAVES * TigerTree.HASH_SIZE];

        Job(Path file, FileChannel channel, long size, HashProgressListener listener,
                BooleanSupplier cancelRequested) {
            this.file = file;
            this.channel = channel;
            this.size = size;
            this.listener = listener;
            this.cancelRequested = cancelRequested;
            this.pieceLength = pieceLengthFor(size);
            this.pieces = new PieceHashes(size, pieceLength);
            this.aich = new AichTree(size);
        }

        void run(boolean parallel) throws IOException, InterruptedException {
            Helper helper = parallel ? new Helper() : null;
            Thread helperThread = null;
            if (helper != null) {
                helperThread = new Thread(helper, "crossnet-hash-helper");
                helperThread.setDaemon(true);
                helperThread.start();
            }
            try {
                loop(helper);
            } finally {
                if (helper != null) {
                    helper.stop(helperThread);
                }
            }
        }

        private void loop(Helper helper) throws IOException, InterruptedException {
            byte[][] buffers = {new byte[(int) Math.min(BUFFER_SIZE, Math.max(size, 1))], null};
            long done = 0;
            long reported = 0;
            int which = 0;
            int length = read(buffers[0], 0, (int) Math.min(BUFFER_SIZE, size));
            while (done < size) {
                current = buffers[which];
                currentLength = length;
                nextChunk.set(0);
                if (helper != null) {
                    helper.start();
                }
                // slice by slice, so that the three SHA-1 streams (and MD4 alone) re-read the data from L1/L2
                for (int off = 0; off < length; off += SLICE_SIZE) {
                    int n = Math.min(SLICE_SIZE, length - off);
                    fileSha1.update(current, off, n);
                    pieces.update(current, off, n);
                    aich.update(current, off, n);
                    if (helper == null) {
                        ed2k.update(current, off, n);
                    }
                }
                long next = done + length;
                int nextLength = 0;
                if (next < size) {
                    if (buffers[which ^ 1] == null) {
                        buffers[which ^ 1] = new byte[BUFFER_SIZE];
                    }
                    nextLength = read(buffers[which ^ 1], next, (int) Math.min(BUFFER_SIZE, size - next));
                }
                hashChunks(tiger, scratch);
                if (helper != null) {
                    helper.awaitDone();
                }
                foldChunks();
                done = next;
                if (done - reported >= PROGRESS_INTERVAL && done < size) {
                    listener.progress(done, size);
                    reported = done;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("file: " + file + " (hashing interrupted at " + done + " of "
                            + size + " bytes)");
                }
                if (cancelRequested.getAsBoolean()) {
                    throw new CancellationException("file: " + file + " (hashing cancelled at " + done + " of "
                            + size + " bytes)");
                }
                which ^= 1;
                length = nextLength;
            }
            if (channel.size() != size) {
                throw new IOException("file: " + file + " (changed size while hashed: now " + channel.size()
                        + " bytes, expected: " + size + " bytes)");
            }
            listener.progress(size, size);
        }

        private int read(byte[] buf, long position, int length) throws IOException {
            ByteBuffer target = ByteBuffer.wrap(buf, 0, length);
            while (target.hasRemaining()) {
                int n = channel.read(target, position + target.position());
                if (n < 0) {
                    throw new IOException("file: " + file + " (shrank while hashed: ended at "
                            + (position + target.position()) + " bytes, expected: " + size + " bytes)");
                }
            }
            return length;
        }

        /** Takes Tiger chunks of the current buffer until none is left; run by both threads at once. */
        void hashChunks(TigerDigest digest, byte[] ownScratch) {
            byte[] buf = current;
            int length = currentLength;
            int chunks = (length + TigerTree.CHUNK_SIZE - 1) / TigerTree.CHUNK_SIZE;
            int i;
            while ((i = nextChunk.getAndIncrement()) < chunks) {
                int off = i * TigerTree.CHUNK_SIZE;
                int len = Math.min(TigerTree.CHUNK_SIZE, length - off);
                if (len == TigerTree.CHUNK_SIZE) {
                    TigerTree.chunkRoot(digest, buf, off, ownScratch, chunkRoots, i * TigerTree.HASH_SIZE);
                } else {
                    // the file's last, partial chunk: its leaves are pushed one by one
                    for (int leaf = 0; leaf * TigerTree.LEAF_SIZE < len; leaf++) {
                        int leafOff = leaf * TigerTree.LEAF_SIZE;
                        TigerTree.leaf(digest, buf, off + leafOff, Math.min(TigerTree.LEAF_SIZE, len - leafOff),
                                tailLeaves, leaf * TigerTree.HASH_SIZE);
                    }
                }
            }
        }

        private void foldChunks() {
            int full = currentLength / TigerTree.CHUNK_SIZE;
            for (int i = 0; i < full; i++) {
                tree.push(chunkRoots, i * TigerTree.HASH_SIZE, TigerTree.CHUNK_LEVEL);
            }
            int tail = currentLength - full * TigerTree.CHUNK_SIZE;
            int tailLeafCount = (tail + TigerTree.LEAF_SIZE - 1) / TigerTree.LEAF_SIZE;
            for (int leaf = 0; leaf < tailLeafCount; leaf++) {
                tree.push(tailLeaves, leaf * TigerTree.HASH_SIZE, 0);
            }
        }

        FileHashes result(String name) {
            List<Ed2kHash> parts = ed2k.partHashes();
            Ed2kHash ed2kHash = ed2k.fileHash(parts);
            // single-file info dictionary, keys in bencode order: length, name, piece length, pieces
            BDictionary info = BDictionary.builder()
                    .put("length", size)
                    .put("name", name)
                    .put("piece length", pieceLength)
                    .put("pieces", new BString(Bytes.of(pieces.pieces())))
                    .build();
            byte[] infoBytes = BencodeEncoder.encode(info);
            InfoHash btih = new InfoHash(Bytes.of(sha1().digest(infoBytes)));
            ContentId id = new ContentId(size, name, new Sha1(Bytes.of(fileSha1.digest())), ed2kHash, aich.root(),
                    new TigerTreeRoot(Bytes.of(tree.root())), btih);
            return new FileHashes(id, parts, Bytes.of(infoBytes), pieceLength);
        }

        /** The helper thread: MD4 of each buffer, then its share of the Tiger chunks. */
        private final class Helper implements Runnable {
            private final Semaphore started = new Semaphore(0);
            private final Semaphore finished = new Semaphore(0);
            private final TigerDigest helperTiger = new TigerDigest();
            private final byte[] helperScratch = new byte[TigerTree.CHUNK_LEAVES * TigerTree.HASH_SIZE];
            private volatile boolean stopping;
            private volatile Throwable failure;

            @Override
            public void run() {
                while (true) {
                    started.acquireUninterruptibly();
                    if (stopping) {
                        return;
                    }
                    try {
                        ed2k.update(current, 0, currentLength);
                        hashChunks(helperTiger, helperScratch);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    } finally {
                        finished.release();
                    }
                }
            }

            void start() {
                started.release();
            }

            void awaitDone() throws InterruptedException {
                finished.acquire();
                Throwable t = failure;
                if (t != null) {
                    throw new IllegalStateException("hash helper: " + t + " (expected: no failure)", t);
                }
            }

            /** Lets a round in progress finish, then ends the helper thread. */
            void stop(Thread thread) {
                stopping = true;
                started.release();
                boolean interrupted = false;
                while (true) {
                    try {
                        thread.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

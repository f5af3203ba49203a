package org.crossnet.adapter.edonkey.swarm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.crossnet.adapter.edonkey.aich.AichServer;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.PartStatus;
import org.crossnet.adapter.edonkey.session.CloseReason;
import org.crossnet.adapter.edonkey.session.PeerConnection;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * The upload side: answers file requests for shared files, keeps an upload queue with a fixed number of slots, and
 * sends the ranges a peer with a slot requests (OP_SENDINGPART, 10,240 data bytes per packet, as eMule sends them).
 * Peers keep their queue position by user hash across reconnections; when a slot frees, the next peer is given it on
 * its open connection or called back on its hello port, as eMule does. Ranges are read from disk off the event loop
 * one at a time and sent while the channel is writable. AICH part recovery data is answered through an
 * {@link AichServer}.
 *
 * <p>Confined to the node's event loop.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/UploadClient.cpp">aMule UploadClient.cpp</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/UploadQueue.cpp">aMule UploadQueue.cpp</a>
 */
public final class UploadQueue {
    /** Largest range a peer may request: 3 × 180 KiB, aMule's and eMule's limit. */
    public static final long MAX_RANGE = 3L * Ed2kWire.BLOCK_SIZE;
    private static final long SLOT_IDLE_MILLIS = 60_000;
    /**
     * How long the last packet of the last requested range waits before it is sent. amuled (2.3.3, with the
     * test shim) reads a socket with several threads; a stale readiness wake-up on a socket with no new data blocks
     * one of them (the shim's bounded FIONREAD wait, 3 s; stock aMule closes the connection instead) and with it
     * the processing of data already read, so amuled sends no new request and we, having sent every byte it asked
     * for, send nothing: a 3 s stall per window, or a dropped connection. aMule's own uploader never drains the
     * window (it sends on a 300 ms tick); holding our last packet back briefly keeps data arriving during such a
     * wait, as aMule's does, at a cost of at most this much per window.
     */
    static final long TAIL_HOLD_MILLIS = 20;
    private static final long WAITING_EXPIRY_MILLIS = 3_600_000;
    /**
     * How long a sent range counts as a re-send when requested again: aMule re-sends its pending ranges with every
     * new request, within a second or two of our sending them; a request after this long is for data the peer
     * discarded (a part that failed its check, AICH recovery), and is served again.
     */
    static final long RECENT_MILLIS = 15_000;

    /** What the queue needs from the node. */
    public interface Host {
        EventLoop loop();

        Executor blocking();

        System.Logger logger();

        /** The shared file with this hash, if any. */
        Optional<SharedEntry> shared(Ed2kHash hash);

        /** Sources we know of a file we download, for source exchange answers. */
        List<InetSocketAddress> knownSources(Ed2kHash hash);

        /** Dials a peer to give it a slot; {@code attach} runs after the hello exchange. */
        void dial(InetSocketAddress address, Consumer<PeerConnection> attach, Consumer<String> failed);

        /** Whether the connection also serves a download (then a finished upload keeps it open). */
        boolean downloading(PeerConnection connection);

        /** Bytes uploaded, for rate accounting. */
        void uploaded(Ed2kHash file, long bytes);
    }

    /** One peer's upload state. */
    static final class Upload {
        final Bytes userHash;
        InetSocketAddress callback;
        PeerConnection connection;
        SharedEntry file;
        boolean active;
        boolean waiting;
        long waitingSince;
        int lastRank = -1;
        final Deque<long[]> queue = new ArrayDeque<>();
        final Deque<long[]> recent = new ArrayDeque<>();
        long[] current;
        boolean reading;
        FileChannel channel;
        SharedEntry channelFile;
        long lastRequest;
        long sent;

        Upload(Bytes userHash) {
            this.userHash = userHash;
        }

        /** Whether the range is queued, being sent, or was sent recently (a re-send of a pending request). */
        boolean known(long start, long end, long now) {
            for (long[] r : queue) {
                if (r[0] == start && r[1] == end) {
                    return true;
                }
            }
            for (long[] r : recent) {
                if (r[0] == start && r[1] == end && now - r[2] < RECENT_MILLIS) {
                    return true;
                }
            }
            return current != null && current[0] == start && current[1] == end;
        }

        /**
         * A request lists the peer's pending ranges: a range we sent that it no longer lists has arrived, and asking
         * for it again later is a new request (the peer found it corrupt), to be served.
         */
        void forgetArrived(long[] starts, long[] ends) {
            recent.removeIf(r -> {
                for (int i = 0; i < 3; i++) {
                    if (r[0] == starts[i] && r[1] == ends[i]) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    private final Host host;
    private final int slots;
    private final AichServer aichServer;
    private final Map<Bytes, Upload> uploads = new HashMap<>();
    private final List<Upload> active = new ArrayList<>();
    private final List<Upload> waiting = new ArrayList<>();
    private boolean closed;

    public UploadQueue(Host host, int slots) {
        this.host = host;
        this.slots = slots;
        this.aichServer = new AichServer(host.blocking(), host.logger());
    }

    /** OP_AICHANSWERs with recovery data sent since start; any thread. */
    public long aichAnswersServed() {
        return aichServer.served();
    }

    public int activeCount() {
        return active.size();
    }

    public int waitingCount() {
        return waiting.size();
    }

    /** Whether this connection has an upload state (a peer that asked for files). */
    public boolean serves(PeerConnection connection) {
        return connection.uploadState() instanceof Upload u && (u.active || u.waiting);
    }

    /** Whether this is an upload-side message. */
    public static boolean handles(ClientMessage m) {
        return m instanceof ClientMessage.FileNameRequest || m instanceof ClientMessage.SetRequestedFile
                || m instanceof ClientMessage.MultiPacket || m instanceof ClientMessage.HashsetRequest
                || m instanceof ClientMessage.StartUploadRequest || m instanceof ClientMessage.RequestParts
                || m instanceof ClientMessage.CancelTransfer || m instanceof ClientMessage.RequestSources2
                || m instanceof ClientMessage.AichFileHashRequest || m instanceof ClientMessage.AichRequest;
    }

    private Upload uploadOf(PeerConnection c) {
        if (c.uploadState() instanceof Upload u) {
            return u;
        }
        Upload u = uploads.computeIfAbsent(c.peer().userHash(), Upload::new);
        if (u.connection != null && u.connection != c && u.connection.isOpen()) {
            // the same peer on a second connection: the newer one carries the upload from now on
            u.connection.uploadState(null);
        }
        u.connection = c;
        u.callback = new InetSocketAddress(c.remoteAddress().getAddress(), c.peer().port());
        c.uploadState(u);
        return u;
    }

    /** An upload-side message. Loop only. */
    public void message(PeerConnection c, ClientMessage m) {
        if (closed) {
            return;
        }
        Upload u = uploadOf(c);
        if (m instanceof ClientMessage.FileNameRequest r) {
            Optional<SharedEntry> f = host.shared(r.file());
            if (f.isEmpty()) {
                c.send(new ClientMessage.FileNotFound(r.file()));
                return;
            }
            u.file = f.get();
            c.send(new ClientMessage.FileNameAnswer(r.file(), f.get().name()));
        } else if (m instanceof ClientMessage.SetRequestedFile r) {
            Optional<SharedEntry> f = host.shared(r.file());
            if (f.isEmpty()) {
                c.send(new ClientMessage.FileNotFound(r.file()));
                return;
            }
            u.file = f.get();
            c.send(new ClientMessage.FileStatus(r.file(), PartStatus.complete()));
        } else if (m instanceof ClientMessage.MultiPacket mp) {
            multiPacket(c, u, mp);
        } else if (m instanceof ClientMessage.HashsetRequest r) {
            host.shared(r.file()).filter(f -> !f.partHashes().isEmpty())
                    .ifPresent(f -> c.send(new ClientMessage.HashsetAnswer(r.file(), f.partHashes())));
        } else if (m instanceof ClientMessage.StartUploadRequest r) {
            SharedEntry f = r.file() == null ? u.file : host.shared(r.file()).orElse(null);
            if (f == null) {
                if (r.file() != null) {
                    c.send(new ClientMessage.FileNotFound(r.file()));
                }
                return;
            }
            u.file = f;
            enqueue(u);
        } else if (m instanceof ClientMessage.RequestParts r) {
            requestParts(c, u, r);
        } else if (m instanceof ClientMessage.CancelTransfer) {
            endSlot(u, false);
        } else if (m instanceof ClientMessage.RequestSources2 r) {
            c.send(sources(r.file()));
        } else if (m instanceof ClientMessage.AichFileHashRequest r) {
            host.shared(r.file()).filter(f -> f.aich() != null)
                    .ifPresent(f -> c.send(new ClientMessage.AichFileHashAnswer(r.file(), f.aich())));
        } else if (m instanceof ClientMessage.AichRequest r) {
            aichRequest(c, r);
        }
    }

    /** OP_AICHREQUEST: the part's recovery data, computed off the loop; any peer may ask, as in aMule. */
    private void aichRequest(PeerConnection c, ClientMessage.AichRequest r) {
        Optional<SharedEntry> f = host.shared(r.file());
        if (f.isEmpty()) {
            c.send(new ClientMessage.AichNoAnswer(r.file()));
            return;
        }
        aichServer.answer(r, f.get().path(), f.get().size(), f.get().aich())
                .thenAccept(answer -> host.loop().execute(() -> c.send(answer)));
    }

    private void multiPacket(PeerConnection c, Upload u, ClientMessage.MultiPacket mp) {
        Optional<SharedEntry> f = host.shared(mp.file());
        if (f.isEmpty() || (mp.ext() && mp.fileSize() != f.get().size())) {
            c.send(new ClientMessage.FileNotFound(mp.file()));
            return;
        }
        u.file = f.get();
        List<ClientMessage.MultiAnswer> answers = new ArrayList<>();
        boolean sx = false;
        for (ClientMessage.MultiRequest r : mp.requests()) {
            if (r instanceof ClientMessage.NameRequest) {
                answers.add(new ClientMessage.NameAnswer(f.get().name()));
            } else if (r instanceof ClientMessage.StatusRequest) {
                answers.add(new ClientMessage.StatusAnswer(PartStatus.complete()));
            } else if (r instanceof ClientMessage.AichHashRequest && f.get().aich() != null) {
                answers.add(new ClientMessage.AichHashAnswer(f.get().aich()));
            } else if (r instanceof ClientMessage.Sources2Request) {
                sx = true;
            }
        }
        c.send(new ClientMessage.MultiPacketAnswer(mp.file(), answers));
        if (sx) {
            c.send(sources(mp.file()));
        }
    }

    private ClientMessage sources(Ed2kHash file) {
        List<ClientMessage.Source> list = new ArrayList<>();
        for (InetSocketAddress a : host.knownSources(file)) {
            byte[] ip = a.getAddress().getAddress();
            if (ip.length != 4 || list.size() >= 50) {
                continue;
            }
            // SX v4 carries the "hybrid" id: a HighID as the IPv4 address in big-endian order
            long hybrid = Integer.reverseBytes((int) Ed2kWire.clientId(ip)) & 0xFFFF_FFFFL;
            list.add(new ClientMessage.Source(hybrid, a.getPort(), 0, 0, Bytes.of(new byte[16]), 0));
        }
        return new ClientMessage.AnswerSources2(4, file, list);
    }

    private void enqueue(Upload u) {
        if (u.active) {
            u.connection.send(new ClientMessage.AcceptUpload());
            return;
        }
        if (active.size() < slots && waiting.isEmpty()) {
            grant(u);
            return;
        }
        if (!u.waiting) {
            u.waiting = true;
            u.waitingSince = System.currentTimeMillis();
            waiting.add(u);
        }
        sendRank(u, true);
    }

    private void sendRank(Upload u, boolean always) {
        int rank = waiting.indexOf(u) + 1;
        if (u.connection != null && u.connection.isOpen() && (always || rank != u.lastRank)) {
            u.lastRank = rank;
            u.connection.send(new ClientMessage.QueueRanking(rank, false));
        }
    }

    private void grant(Upload u) {
        waiting.remove(u);
        u.waiting = false;
        u.active = true;
        u.lastRequest = System.currentTimeMillis();
        active.add(u);
        if (u.connection != null && u.connection.isOpen()) {
            u.connection.send(new ClientMessage.AcceptUpload());
            return;
        }
        // its connection closed while it waited: call it back, as eMule does
        host.dial(u.callback, c -> {
            if (closed || !u.active) {
                return;
            }
            u.connection = c;
            c.uploadState(u);
            c.send(new ClientMessage.AcceptUpload());
        }, problem -> {
            if (u.active) {
                endSlot(u, false);
            }
        });
    }

    private void requestParts(PeerConnection c, Upload u, ClientMessage.RequestParts r) {
        Optional<SharedEntry> f = host.shared(r.file());
        if (f.isEmpty()) {
            c.send(new ClientMessage.FileNotFound(r.file()));
            return;
        }
        long[] starts = r.starts();
        long[] ends = r.ends();
        for (int i = 0; i < 3; i++) {
            if (starts[i] == ends[i]) {
                continue;
            }
            if (starts[i] >= ends[i] || ends[i] > f.get().size() || ends[i] - starts[i] > MAX_RANGE) {
                c.close(CloseReason.INVALID_REQUEST, "range [" + starts[i] + ", " + ends[i] + ") of a file of "
                        + f.get().size() + " bytes (expected: non-empty, within the file, at most " + MAX_RANGE
                        + " bytes)");
                return;
            }
        }
        if (!u.active) {
            // not in a slot (yet): eMule ignores such requests; the peer re-sends them after our accept
            return;
        }
        u.lastRequest = System.currentTimeMillis();
        if (u.file == null || !u.file.hash().equals(r.file())) {
            u.file = f.get();
        }
        StringBuilder trace = debug() ? new StringBuilder() : null;
        u.forgetArrived(starts, ends);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            if (starts[i] < ends[i] && !u.known(starts[i], ends[i], now)) {
                u.queue.add(new long[] {starts[i], ends[i]});
                if (trace != null) {
                    trace.append(" +[").append(starts[i]).append(',').append(ends[i]).append(')');
                }
            } else if (trace != null && starts[i] < ends[i]) {
                trace.append(" =[").append(starts[i]).append(',').append(ends[i]).append(')');
            }
        }
        if (trace != null) {
            host.logger().log(System.Logger.Level.DEBUG, "ed2k upload to " + c.remoteAddress() + ": request"
                    + trace + " queue=" + u.queue.size() + " current=" + (u.current != null) + " reading="
                    + u.reading + " writable=" + c.isWritable());
        }
        pump(u);
    }

    /** The connection can take more data. Loop only. */
    public void writable(PeerConnection c) {
        if (c.uploadState() instanceof Upload u) {
            pump(u);
        }
    }

    private boolean debug() {
        return host.logger().isLoggable(System.Logger.Level.DEBUG);
    }

    private void pump(Upload u) {
        if (closed || !u.active || u.reading || u.current != null || u.queue.isEmpty() || u.connection == null
                || !u.connection.isOpen() || !u.connection.isWritable()) {
            return;
        }
        long[] range = u.queue.poll();
        u.current = range;
        u.reading = true;
        SharedEntry file = u.file;
        host.blocking().execute(() -> {
            ByteBuf data = null;
            String problem = null;
            try {
                data = read(u, file, range[0], (int) (range[1] - range[0]));
            } catch (IOException | RuntimeException e) {
                problem = e.getMessage();
            }
            ByteBuf result = data;
            String failure = problem;
            host.loop().execute(() -> sendRange(u, file, range, result, failure));
        });
    }

    private ByteBuf read(Upload u, SharedEntry file, long start, int length) throws IOException {
        FileChannel ch;
        synchronized (u) {
            if (u.channel == null || u.channelFile != file) {
                if (u.channel != null) {
                    u.channel.close();
                }
                u.channel = FileChannel.open(file.path(), StandardOpenOption.READ);
                u.channelFile = file;
            }
            ch = u.channel;
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, start + buf.position());
            if (n < 0) {
                throw new IOException("file " + file.path() + " ends before " + (start + length));
            }
        }
        buf.flip();
        return Unpooled.wrappedBuffer(buf);
    }

    private void sendRange(Upload u, SharedEntry file, long[] range, ByteBuf data, String problem) {
        u.reading = false;
        u.current = null;
        if (data == null) {
            host.logger().log(System.Logger.Level.WARNING, "ed2k upload of " + file.path() + ": " + problem);
            if (u.connection != null) {
                u.connection.close(CloseReason.CLOSED_LOCALLY, "shared file unreadable");
            }
            return;
        }
        ClientMessage.SendingPart held = null;
        try {
            if (closed || !u.active || u.connection == null || !u.connection.isOpen()) {
                return;
            }
            boolean large = file.size() > Ed2kWire.OLD_MAX_FILE_SIZE;
            // Nothing else requested: hold the range's last packet back a little (see TAIL_HOLD_MILLIS).
            boolean windowEnds = u.queue.isEmpty() && range[1] - range[0] > Ed2kWire.SENDING_CHUNK;
            for (long off = range[0]; off < range[1]; off += Ed2kWire.SENDING_CHUNK) {
                int len = (int) Math.min(Ed2kWire.SENDING_CHUNK, range[1] - off);
                ClientMessage.SendingPart part = new ClientMessage.SendingPart(file.hash(), off, off + len,
                        data.retainedSlice((int) (off - range[0]), len), large);
                if (windowEnds && off + len == range[1]) {
                    held = part;
                } else {
                    u.connection.write(part);
                }
            }
            u.connection.flush();
            if (debug()) {
                host.logger().log(System.Logger.Level.DEBUG, "ed2k upload to " + u.connection.remoteAddress()
                        + ": sent [" + range[0] + "," + range[1] + ")" + (held != null ? " but its last packet"
                        : "") + " writable=" + u.connection.isWritable());
            }
            u.sent += range[1] - range[0];
            host.uploaded(file.hash(), range[1] - range[0]);
            u.recent.add(new long[] {range[0], range[1], System.currentTimeMillis()});
            while (u.recent.size() > 6) {
                u.recent.poll();
            }
        } finally {
            data.release();
        }
        if (held == null) {
            pump(u);
            return;
        }
        ClientMessage.SendingPart tail = held;
        u.current = range;
        host.loop().schedule(() -> {
            u.current = null;
            if (!closed && u.active && u.connection != null && u.connection.isOpen()) {
                u.connection.send(tail);
            } else {
                tail.release();
            }
            pump(u);
        }, TAIL_HOLD_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void endSlot(Upload u, boolean tellPeer) {
        u.queue.clear();
        u.recent.clear();
        if (u.active) {
            u.active = false;
            active.remove(u);
            if (tellPeer && u.connection != null && u.connection.isOpen()) {
                u.connection.send(new ClientMessage.OutOfParts());
            }
            closeChannel(u);
            promote();
        }
        if (u.waiting) {
            u.waiting = false;
            waiting.remove(u);
            rerank();
        }
    }

    private void promote() {
        while (!closed && active.size() < slots && !waiting.isEmpty()) {
            grant(waiting.get(0));
        }
        rerank();
    }

    private void rerank() {
        for (Upload w : waiting) {
            sendRank(w, false);
        }
    }

    private void closeChannel(Upload u) {
        FileChannel ch;
        synchronized (u) {
            ch = u.channel;
            u.channel = null;
            u.channelFile = null;
        }
        if (ch != null) {
            host.blocking().execute(() -> {
                try {
                    ch.close();
                } catch (IOException e) {
                    // nothing was written through it: a failed close loses nothing
                }
            });
        }
    }

    /**
     * The connection closed: an active peer loses its slot (the next waiting peer gets it); a waiting one keeps its
     * place and is called back when its turn comes.
     */
    public void closed(PeerConnection c) {
        if (c.uploadState() instanceof Upload u && u.connection == c) {
            u.connection = null;
            u.queue.clear();
            if (u.active) {
                endSlot(u, false);
            }
        }
    }

    /** Frees idle slots and forgets peers that waited too long. Called every few seconds on the loop. */
    public void tick() {
        long now = System.currentTimeMillis();
        for (Upload u : new ArrayList<>(active)) {
            if (u.queue.isEmpty() && u.current == null && now - u.lastRequest > SLOT_IDLE_MILLIS) {
                endSlot(u, true);
            }
        }
        for (Upload u : new ArrayList<>(waiting)) {
            if (now - u.waitingSince > WAITING_EXPIRY_MILLIS) {
                endSlot(u, false);
            }
        }
        uploads.values().removeIf(u -> !u.active && !u.waiting && (u.connection == null || !u.connection.isOpen()));
    }

    /** A file stopped being shared: its uploads end. */
    public void withdrawn(Ed2kHash file) {
        for (Upload u : new ArrayList<>(uploads.values())) {
            if (u.file != null && u.file.hash().equals(file)) {
                endSlot(u, true);
                u.file = null;
            }
        }
    }

    /** Ends everything; file channels are closed. */
    public void close() {
        closed = true;
        for (Upload u : uploads.values()) {
            closeChannel(u);
        }
        uploads.clear();
        active.clear();
        waiting.clear();
    }
}

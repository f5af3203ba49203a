package org.crossnet.adapter.edonkey.swarm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.crossnet.adapter.edonkey.aich.AichStore;
import org.crossnet.adapter.edonkey.aich.AichTrust;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.Ed2kZlib;
import org.crossnet.adapter.edonkey.codec.PartStatus;
import org.crossnet.adapter.edonkey.session.CloseReason;
import org.crossnet.adapter.edonkey.session.PeerConnection;
import org.crossnet.adapter.edonkey.session.PeerInfo;
import org.crossnet.adapter.edonkey.storage.Ed2kHashes;
import org.crossnet.adapter.edonkey.storage.SerialExecutor;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.hash.AichRecovery;
import org.crossnet.spi.hash.AichRecoveryException;
import org.crossnet.spi.hash.AichTree;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.SourceCount;

/**
 * One eD2k download: its sources, the block picker and the MD4 check of every 9,728,000-byte part. Sources are asked
 * as aMule asks them (file name and status, AICH root, hashset when the file has several parts, upload request; then
 * request parts, three ranges in flight); each block is written to the transfer's storage in one piece off the event
 * loop.
 *
 * <p>A part that fails its check is recovered with AICH when a root is trusted (the link's {@code |h=|}, or one most
 * sources agree on, see {@link AichTrust}) and the part holds more than one block: a source that announced that root
 * and supports AICH is asked for the part's recovery data (OP_AICHREQUEST; sources that did not deliver the part
 * first, one after the other on a "no data" answer or silence); the data is verified against the root, the part's
 * 184,320-byte blocks are hashed again from storage, and only the blocks that differ are fetched again (their sources
 * dropped: AICH names them), after which the part gets its MD4 check again. Recovery data that does not verify
 * drops the source that sent it. Without AICH (no trusted root, no capable source within
 * {@link #RECOVERY_WAIT_MILLIS}, invalid data), the whole part is fetched again: when one source delivered it all,
 * that source is dropped; when several did, each is suspected (dropped once suspected more than
 * {@code banAfterCorruptParts} times) and the part is fetched again from the least suspected of them alone, so that
 * the next check names the culprit.
 *
 * <p>Threading: everything runs on the node's event loop; {@link DownloadSession} methods may be called from any
 * thread and hop onto it. Storage writes and part checks run in submission order on a {@link SerialExecutor}.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/DownloadClient.cpp">aMule DownloadClient.cpp</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/PartFile.cpp">aMule PartFile.cpp
 *      (RequestAICHRecovery, AICHRecoveryDataAvailable)</a>
 */
public final class Download implements DownloadSession {
    /** Unit kind reported to the store. */
    public static final String UNIT_KIND = "ed2k-part";
    /** Unit kind of an AICH block reported corrupt to the store. */
    public static final String AICH_UNIT_KIND = "aich-block";
    /** How long a part that failed its check waits for a source able to send its recovery data. */
    public static final long RECOVERY_WAIT_MILLIS = 30_000;
    /** How long one source has to answer an AICH request. */
    static final long AICH_ANSWER_MILLIS = 20_000;
    private static final long RETRY_MILLIS = 10_000;
    private static final long REASK_MILLIS = 60_000;
    private static final long STALL_MILLIS = 60_000;

    private final DownloadHost host;
    private final Ed2kHash hash;
    private final long size;
    private final StoredContent store;
    private final DownloadSink sink;
    private final PartMap map;
    private final SerialExecutor io;
    private final Map<InetSocketAddress, Source> sources = new LinkedHashMap<>();
    private List<Ed2kHash> partHashes;
    private Source hashsetFrom;
    private boolean paused;
    private boolean closed;
    private boolean finished;
    private long downSinceReport;
    private int lastConnected = -1;
    private int lastKnown = -1;
    private ScheduledFuture<?> timer;
    private final java.util.Set<Integer> verifying = new java.util.HashSet<>();
    private final AichTrust aich;
    private final Map<Integer, Recovery> recovering = new java.util.HashMap<>();

    /** A part that failed its MD4 check and waits for AICH recovery data. */
    private static final class Recovery {
        final int part;
        final long giveUpAt;
        final java.util.Set<Source> tried = new java.util.HashSet<>();
        Source asked;
        long askedAt;
        /** Verified data arrived; the part's blocks are being hashed again. */
        boolean checking;

        Recovery(int part, long giveUpAt) {
            this.part = part;
            this.giveUpAt = giveUpAt;
        }
    }

    public Download(DownloadHost host, Ed2kHash hash, long size, StoredContent store, DownloadSink sink) {
        this(host, hash, size, null, store, sink);
    }

    /** @param aichRoot the link's AICH root ({@code |h=|}), trusted for recovery; null when the link has none */
    public Download(DownloadHost host, Ed2kHash hash, long size, AichRoot aichRoot, StoredContent store,
                    DownloadSink sink) {
        if (size <= 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: > 0; ed2k has no empty files)");
        }
        this.host = host;
        this.hash = hash;
        this.size = size;
        this.store = store;
        this.sink = sink;
        this.map = new PartMap(size, host.requestSize());
        this.io = new SerialExecutor(host.blocking());
        this.aich = new AichTrust(aichRoot);
        if (size < Ed2kWire.PART_SIZE) {
            // one part: the file hash is its part hash
            this.partHashes = List.of(hash);
        }
    }

    public Ed2kHash hash() {
        return hash;
    }

    public long size() {
        return size;
    }

    /** Our part status (verified parts), for answering peers and source exchange. */
    public PartStatus status() {
        return map.status();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Called on the loop once: resume from storage, add the link's sources, start the timer. */
    public void start(List<InetSocketAddress> peers) {
        resumeFromStore();
        for (InetSocketAddress a : peers) {
            addSource(a, "link");
        }
        timer = host.loop().scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
        host.wantSources(this);
    }

    /** Marks parts other networks (or an earlier run) already verified; queues checks of fully written parts. */
    private void resumeFromStore() {
        BitSet written = store.writtenBlocks();
        for (int p = 0; p < map.parts(); p++) {
            long start = map.partStart(p);
            long len = map.partLength(p);
            if (store.isVerified(start, len)) {
                map.verified(p);
                continue;
            }
            int first = (int) (start / StoredContent.BLOCK_SIZE);
            int last = (int) ((start + len - 1) / StoredContent.BLOCK_SIZE);
            if (written.nextClearBit(first) > last) {
                for (PartMap.Block b : map.blocksOf(p)) {
                    map.written(b.index(), null);
                }
            }
        }
        for (int p = 0; p < map.parts(); p++) {
            maybeVerify(p);
        }
    }

    /** A source learnt from a link, a server, source exchange or Kad. Loop only. */
    public void addSource(InetSocketAddress address, String origin) {
        if (closed || finished || address.isUnresolved() || address.getPort() == 0 || host.isSelf(address)) {
            return;
        }
        sources.computeIfAbsent(address, a -> new Source(this, a, origin));
    }

    /** Known sources (for answering source exchange). */
    public List<InetSocketAddress> knownSources() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Source s : sources.values()) {
            if (s.state != Source.State.DROPPED) {
                out.add(s.address);
            }
        }
        return out;
    }

    /** An incoming connection from a peer that is one of our sources (e.g. calling back to give us a slot). */
    public boolean adopt(PeerConnection connection) {
        InetSocketAddress addr = new InetSocketAddress(connection.remoteAddress().getAddress(),
                connection.peer().port());
        Source s = sources.get(addr);
        if (s == null || s.connected() || s.state == Source.State.DROPPED || closed || finished) {
            return false;
        }
        attach(s, connection);
        return true;
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = System.currentTimeMillis();
        int connecting = 0;
        int connected = 0;
        for (Source s : sources.values()) {
            if (s.state == Source.State.CONNECTING) {
                connecting++;
            }
            if (s.connected()) {
                connected++;
            }
        }
        if (!paused && !finished) {
            for (Source s : sources.values()) {
                if (connected + connecting >= host.maxSourcesPerDownload()) {
                    break;
                }
                if ((s.state == Source.State.IDLE || s.state == Source.State.NOTHING_NEEDED) && !s.connected()
                        && now >= s.nextAttempt) {
                    if (s.state == Source.State.NOTHING_NEEDED && s.status != null && !map.interesting(s.status)) {
                        s.nextAttempt = now + REASK_MILLIS;
                        continue;
                    }
                    connecting++;
                    dial(s);
                } else if (s.state == Source.State.NOTHING_NEEDED && s.connected() && now >= s.nextAttempt) {
                    s.nextAttempt = now + REASK_MILLIS;
                    askFile(s);
                } else if (s.state == Source.State.DOWNLOADING && !s.pending.isEmpty()
                        && now - s.lastData > STALL_MILLIS) {
                    s.lastProblem = "no data for " + STALL_MILLIS / 1000 + " s";
                    detach(s, CloseReason.TIMEOUT, true);
                }
            }
        }
        recoveryTick(now);
        report(connected);
    }

    private void report(int connected) {
        int known = 0;
        for (Source s : sources.values()) {
            if (s.state != Source.State.DROPPED) {
                known++;
            }
        }
        connected = Math.min(connected, known);
        if (connected != lastConnected || known != lastKnown) {
            lastConnected = connected;
            lastKnown = known;
            sink.sources(new SourceCount(connected, known));
        }
        if (downSinceReport > 0) {
            sink.traffic(downSinceReport, 0);
            downSinceReport = 0;
        }
    }

    private void dial(Source s) {
        s.state = Source.State.CONNECTING;
        host.dial(s.address, conn -> {
            if (closed || finished || s.state != Source.State.CONNECTING) {
                if (!host.uploading(conn)) {
                    conn.close(CloseReason.CLOSED_LOCALLY, "download ended");
                }
                return;
            }
            attach(s, conn);
        }, problem -> {
            if (s.state == Source.State.CONNECTING) {
                failed(s, problem);
            }
        });
    }

    private void failed(Source s, String problem) {
        s.lastProblem = problem;
        s.failures++;
        s.state = Source.State.IDLE;
        // back off: 10 s, 20 s, 40 s … up to 10 min
        s.nextAttempt = System.currentTimeMillis() + Math.min(600_000, RETRY_MILLIS << Math.min(6, s.failures - 1));
    }

    private void attach(Source s, PeerConnection conn) {
        s.connection = conn;
        conn.downloadState(s);
        s.failures = 0;
        s.uploadAsked = false;
        askFile(s);
    }

    /** File name and status (and SX2 sources) in one multipacket when the peer takes it, as aMule does. */
    private void askFile(Source s) {
        s.state = Source.State.ASKING;
        PeerInfo peer = s.connection.peer();
        PartStatus ours = map.status();
        if (peer.multiPacket() || peer.extMultiPacket()) {
            List<ClientMessage.MultiRequest> requests = new ArrayList<>();
            requests.add(new ClientMessage.NameRequest(ours, 0));
            requests.add(new ClientMessage.StatusRequest());
            if (peer.sourceExchange2()) {
                requests.add(new ClientMessage.Sources2Request(4, 0));
            }
            if (peer.supportsAich()) {
                requests.add(new ClientMessage.AichHashRequest());
            }
            s.connection.send(new ClientMessage.MultiPacket(hash, peer.extMultiPacket() ? size : -1, requests));
        } else {
            s.connection.send(new ClientMessage.FileNameRequest(hash, ours, 0));
            s.connection.send(new ClientMessage.SetRequestedFile(hash));
        }
    }

    /** A download-side message on a connection attached to source {@code s}. Loop only; releases part messages. */
    public void message(Source s, ClientMessage m) {
        if (closed || finished || s.connection == null) {
            ReferenceCountUtil.release(m);
            return;
        }
        if (m instanceof ClientMessage.SendingPart part) {
            try {
                sendingPart(s, part);
            } finally {
                part.release();
            }
        } else if (m instanceof ClientMessage.CompressedPart part) {
            try {
                compressedPart(s, part);
            } finally {
                part.release();
            }
        } else if (m instanceof ClientMessage.MultiPacketAnswer a && a.file().equals(hash)) {
            for (ClientMessage.MultiAnswer sub : a.answers()) {
                if (sub instanceof ClientMessage.NameAnswer) {
                    s.nameKnown = true;
                } else if (sub instanceof ClientMessage.StatusAnswer st) {
                    if (!status(s, st.status())) {
                        return;
                    }
                } else if (sub instanceof ClientMessage.AichHashAnswer ah) {
                    aichRootAnnounced(s, ah.aich());
                }
            }
            afterAnswers(s);
        } else if (m instanceof ClientMessage.FileNameAnswer a && a.file().equals(hash)) {
            s.nameKnown = true;
            afterAnswers(s);
        } else if (m instanceof ClientMessage.FileStatus st && st.file().equals(hash)) {
            if (status(s, st.status())) {
                afterAnswers(s);
            }
        } else if (m instanceof ClientMessage.FileNotFound nf && nf.file().equals(hash)) {
            s.lastProblem = "file not shared there";
            drop(s, CloseReason.NOTHING_TO_DO);
        } else if (m instanceof ClientMessage.HashsetAnswer h && h.file().equals(hash)) {
            hashset(s, h.parts());
        } else if (m instanceof ClientMessage.QueueRanking q) {
            s.queueRank = q.rank();
            if (s.state != Source.State.DOWNLOADING) {
                s.state = Source.State.QUEUED;
            }
        } else if (m instanceof ClientMessage.AcceptUpload) {
            s.state = Source.State.DOWNLOADING;
            s.lastData = System.currentTimeMillis();
            if (s.status != null) {
                requestMore(s);
            }
        } else if (m instanceof ClientMessage.OutOfParts) {
            // the uploader ended our slot: back to its queue (it calls us back), and ask again
            releaseRequests(s);
            s.state = Source.State.QUEUED;
            s.connection.send(new ClientMessage.StartUploadRequest(hash));
        } else if (m instanceof ClientMessage.AichFileHashAnswer ah && ah.file().equals(hash)) {
            aichRootAnnounced(s, ah.aich());
        } else if (m instanceof ClientMessage.AichAnswer a) {
            aichAnswer(s, a);
        } else if (m instanceof ClientMessage.AichNoAnswer a) {
            aichNoAnswer(s, a);
        } else if (m instanceof ClientMessage.AnswerSources2 sx && sx.file().equals(hash)) {
            for (ClientMessage.Source src : sx.sources()) {
                long id = src.id();
                if (sx.version() >= 3) {
                    // SX v3+: a HighID travels as the IPv4 address in big-endian order ("hybrid" id)
                    id = Integer.reverseBytes((int) id) & 0xFFFF_FFFFL;
                }
                if (!Ed2kWire.isLowId(id)) {
                    addSource(new InetSocketAddress(Ed2kWire.ipOf(id), src.port()), "sx2");
                }
            }
        }
    }

    /** Records a status; false when it was invalid and the source was dropped. */
    private boolean status(Source s, PartStatus st) {
        if (st.count() != 0 && st.count() != Ed2kHashes.statusParts(size)) {
            s.lastProblem = "part status of " + st.count() + " parts (expected: 0 or "
                    + Ed2kHashes.statusParts(size) + ")";
            drop(s, CloseReason.PROTOCOL_VIOLATION);
            return false;
        }
        if (s.statusCounted) {
            map.availability(s.status, -1);
        }
        s.status = st;
        map.availability(st, +1);
        s.statusCounted = true;
        return true;
    }

    private void afterAnswers(Source s) {
        if (s.status == null) {
            // aMule answers the name first and the status in the same multipacket; a lone name answer means an
            // old client that sends the status next.
            return;
        }
        if (partHashes == null && hashsetFrom == null) {
            hashsetFrom = s;
            s.connection.send(new ClientMessage.HashsetRequest(hash));
        }
        if (!map.interesting(s.status)) {
            s.state = Source.State.NOTHING_NEEDED;
            s.nextAttempt = System.currentTimeMillis() + REASK_MILLIS;
            return;
        }
        if (s.state == Source.State.DOWNLOADING) {
            requestMore(s);
        } else if (!s.uploadAsked) {
            s.uploadAsked = true;
            s.state = Source.State.QUEUED;
            s.connection.send(new ClientMessage.StartUploadRequest(hash));
        }
    }

    private void hashset(Source s, List<Ed2kHash> parts) {
        if (partHashes != null) {
            return;
        }
        if (parts.size() != Ed2kHashes.hashsetSize(size) || !Ed2kHashes.root(parts).equals(hash)) {
            s.lastProblem = "hashset of " + parts.size() + " hashes does not match the file hash";
            hashsetFrom = null;
            drop(s, CloseReason.CORRUPT_DATA);
            return;
        }
        partHashes = List.copyOf(parts);
        hashsetFrom = null;
        for (int p = 0; p < map.parts(); p++) {
            maybeVerify(p);
        }
    }

    /** Keeps three ranges in flight: re-sends the pending ones with any new one, as aMule does. */
    private void requestMore(Source s) {
        if (paused || s.state != Source.State.DOWNLOADING || s.status == null) {
            return;
        }
        boolean added = false;
        while (s.pending.size() < 3) {
            PartMap.Block b = map.pick(s.status, s);
            if (b == null) {
                break;
            }
            map.requested(b, s);
            s.pending.add(new Source.Pending(b));
            added = true;
        }
        if (s.pending.isEmpty()) {
            // nothing left that this source has: give the slot back
            s.connection.send(new ClientMessage.CancelTransfer());
            s.state = Source.State.NOTHING_NEEDED;
            s.uploadAsked = false;
            s.nextAttempt = System.currentTimeMillis() + REASK_MILLIS;
            return;
        }
        if (!added) {
            return;
        }
        long[] starts = new long[3];
        long[] ends = new long[3];
        for (int i = 0; i < s.pending.size(); i++) {
            starts[i] = s.pending.get(i).block.start();
            ends[i] = s.pending.get(i).block.end();
        }
        boolean large = size > Ed2kWire.OLD_MAX_FILE_SIZE || ends[0] > 0xFFFF_FFFFL || ends[1] > 0xFFFF_FFFFL
                || ends[2] > 0xFFFF_FFFFL;
        if (large && !s.connection.peer().largeFiles()) {
            s.lastProblem = "peer lacks 64-bit offsets for a large file";
            drop(s, CloseReason.NOTHING_TO_DO);
            return;
        }
        s.connection.send(new ClientMessage.RequestParts(hash, starts, ends, large));
    }

    private void sendingPart(Source s, ClientMessage.SendingPart part) {
        if (!part.file().equals(hash)) {
            return;
        }
        Source.Pending p = s.pendingFor(part.start(), part.end());
        if (p == null) {
            if (part.end() <= size && dataAlreadyHere(part.start(), part.end())) {
                return;
            }
            s.lastProblem = "data [" + part.start() + ", " + part.end() + ") never requested";
            drop(s, CloseReason.UNREQUESTED_DATA);
            return;
        }
        received(s, p, part.start(), part.data());
    }

    private boolean dataAlreadyHere(long start, long end) {
        // a late duplicate of a block we gave up on and got elsewhere: harmless
        for (PartMap.Block b : blocksIn(start, end)) {
            if (map.state(b.index()) == PartMap.State.MISSING) {
                return false;
            }
        }
        return true;
    }

    private List<PartMap.Block> blocksIn(long start, long end) {
        List<PartMap.Block> out = new ArrayList<>();
        for (int i = 0; i < map.blockCount(); i++) {
            PartMap.Block b = map.block(i);
            if (b.start() < end && start < b.end()) {
                out.add(b);
            }
        }
        return out;
    }

    private void compressedPart(Source s, ClientMessage.CompressedPart part) {
        if (!part.file().equals(hash)) {
            return;
        }
        Source.Pending p = null;
        for (Source.Pending q : s.pending) {
            if (q.block.start() == part.start()) {
                p = q;
            }
        }
        if (p == null) {
            if (dataAlreadyHere(part.start(), part.start() + 1)) {
                return;
            }
            s.lastProblem = "compressed data at " + part.start() + " never requested";
            drop(s, CloseReason.UNREQUESTED_DATA);
            return;
        }
        long limit = p.block.length() + p.block.length() / 100 + 1024;
        if (part.packedLength() > limit || (p.packed != null && p.packedLength != part.packedLength())) {
            s.lastProblem = "packed length " + part.packedLength() + " for a block of " + p.block.length();
            drop(s, CloseReason.BAD_COMPRESSION);
            return;
        }
        if (p.packed == null) {
            p.packedLength = part.packedLength();
            p.packed = ByteBufAllocator.DEFAULT.heapBuffer((int) part.packedLength());
        }
        if (p.packed.readableBytes() + part.chunk().readableBytes() > p.packedLength) {
            s.lastProblem = "more packed bytes than announced";
            drop(s, CloseReason.BAD_COMPRESSION);
            return;
        }
        p.packed.writeBytes(part.chunk(), part.chunk().readerIndex(), part.chunk().readableBytes());
        s.lastData = System.currentTimeMillis();
        if (p.packed.readableBytes() < p.packedLength) {
            return;
        }
        ByteBuf plain;
        try {
            plain = Ed2kZlib.inflate(p.packed, (int) p.block.length(), ByteBufAllocator.DEFAULT,
                    "compressed part at " + p.block.start());
        } catch (Ed2kZlib.InflateException e) {
            s.lastProblem = e.getMessage();
            drop(s, CloseReason.BAD_COMPRESSION);
            return;
        } finally {
            p.releasePacked();
        }
        try {
            if (plain.readableBytes() != p.block.length()) {
                s.lastProblem = "compressed block inflated to " + plain.readableBytes() + " of " + p.block.length()
                        + " bytes";
                drop(s, CloseReason.BAD_COMPRESSION);
                return;
            }
            received(s, p, p.block.start(), plain);
        } finally {
            plain.release();
        }
    }

    /**
     * Data of a pending block arrived: it is copied into the block's buffer, and once the block is complete the whole
     * block is written in one storage call (one hop to the executor per block, not per 10 KiB packet).
     */
    private void received(Source s, Source.Pending p, long start, ByteBuf data) {
        int len = data.readableBytes();
        s.lastData = System.currentTimeMillis();
        s.bytesReceived += len;
        downSinceReport += len;
        PartMap.Block block = p.block;
        if (p.data == null) {
            p.data = ByteBuffer.allocate((int) block.length());
        }
        data.getBytes(data.readerIndex(), p.data.duplicate().position((int) (start - block.start()))
                .limit((int) (start - block.start()) + len));
        p.received.add(start, start + len);
        if (!p.received.covers(block.start(), block.end())) {
            return;
        }
        s.pending.remove(p);
        ByteBuffer whole = p.data;
        p.data = null;
        host.pendingWrites(whole.capacity());
        io.execute(() -> write(block, whole, s));
        requestMore(s);
    }

    /** On the serial executor: writes a complete block, then tells the loop. */
    private void write(PartMap.Block block, ByteBuffer data, Source s) {
        int len = data.remaining();
        String problem = null;
        try {
            store.write(block.start(), data);
        } catch (RuntimeException e) {
            problem = String.valueOf(e.getMessage());
        }
        String failure = problem;
        host.loop().execute(() -> {
            host.pendingWrites(-len);
            if (closed) {
                return;
            }
            if (failure != null) {
                fail("storage write failed: " + failure);
                return;
            }
            if (map.state(block.index()) != PartMap.State.VERIFIED) {
                map.written(block, s);
                if (downSinceReport > 0) {
                    // before a part check can mark data verified: whoever sees verified bytes sees their traffic
                    sink.traffic(downSinceReport, 0);
                    downSinceReport = 0;
                }
                maybeVerify(block.part());
            }
        });
    }

    private void maybeVerify(int part) {
        if (partHashes == null || !map.partWritten(part) || verifying.contains(part) || recovering.containsKey(part)
                || closed) {
            return;
        }
        verifying.add(part);
        Ed2kHash expected = partHashes.get(part);
        long start = map.partStart(part);
        long len = map.partLength(part);
        io.execute(() -> {
            boolean ok;
            VerificationUnit unit = new VerificationUnit(host.network(), UNIT_KIND, part, start, len);
            try {
                Ed2kHashes.Md4 md4 = new Ed2kHashes.Md4();
                ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                for (long off = start; off < start + len; ) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), start + len - off));
                    int n = store.read(off, buf);
                    if (n <= 0) {
                        throw new IllegalStateException("short read at " + off);
                    }
                    buf.flip();
                    md4.update(buf);
                    off += n;
                }
                ok = md4.finish().equals(expected);
                if (ok) {
                    store.markVerified(unit);
                }
            } catch (RuntimeException e) {
                String problem = String.valueOf(e.getMessage());
                host.loop().execute(() -> fail("part " + part + " unreadable: " + problem));
                return;
            }
            host.loop().execute(() -> verified(part, ok));
        });
    }

    private void verified(int part, boolean ok) {
        verifying.remove(part);
        if (closed) {
            return;
        }
        if (ok) {
            map.verified(part);
            if (map.complete()) {
                finish();
            }
            return;
        }
        if (aich.trusted() != null && AichRecovery.recoverable(size, part)) {
            host.logger().log(System.Logger.Level.DEBUG, "ed2k " + hash + ": part " + part
                    + " failed its MD4 check; asking for AICH recovery data");
            Recovery r = new Recovery(part, System.currentTimeMillis() + RECOVERY_WAIT_MILLIS);
            recovering.put(part, r);
            askRecovery(r);
            return;
        }
        wholePartCorrupt(part);
    }

    /** The whole part is fetched again; whoever delivered it is blamed. */
    private void wholePartCorrupt(int part) {
        VerificationUnit unit = new VerificationUnit(host.network(), UNIT_KIND, part, map.partStart(part),
                map.partLength(part));
        // queued before any new request for the part, so the store drops the bad data before new data arrives
        io.execute(() -> {
            try {
                AichStore.markCorruptKeepingNeighbours(store, unit, size);
            } catch (RuntimeException e) {
                String problem = String.valueOf(e.getMessage());
                host.loop().execute(() -> fail("part " + part + " could not be dropped: " + problem));
            }
        });
        List<Object> blamed = map.corrupt(part);
        host.logger().log(System.Logger.Level.DEBUG, "ed2k " + hash + ": part " + part
                + " failed its MD4 check; blamed " + blamed);
        if (blamed.size() == 1 && blamed.get(0) instanceof Source s) {
            // it alone delivered the part: certainly the culprit
            s.lastProblem = "sent a corrupt part " + part;
            drop(s, CloseReason.CORRUPT_DATA);
        } else {
            // several delivered it: each is suspected, and the part is fetched again from the least suspected one
            // alone, so that the next check names the culprit
            Source fewest = null;
            for (Object o : blamed) {
                if (o instanceof Source s) {
                    s.strikes++;
                    if (s.strikes > host.banAfterCorruptParts()) {
                        s.lastProblem = "shared the blame for " + s.strikes + " corrupt parts";
                        drop(s, CloseReason.CORRUPT_DATA);
                    } else if (fewest == null || s.strikes < fewest.strikes) {
                        fewest = s;
                    }
                }
            }
            map.reserve(part, fewest);
        }
        wantedAgain();
    }

    /** Blocks are missing again: sources downloading ask for them, idle ones are asked now, not a minute later. */
    private void wantedAgain() {
        long now = System.currentTimeMillis();
        for (Source s : sources.values()) {
            if (s.state == Source.State.DOWNLOADING) {
                requestMore(s);
            } else if (s.state == Source.State.NOTHING_NEEDED) {
                // the part is wanted again: ask sources that had nothing left for us now, not a minute later
                s.nextAttempt = now;
            }
        }
    }

    // ---- AICH recovery ----

    /** A source announced its AICH root for the file (in the multipacket answer, or alone). */
    private void aichRootAnnounced(Source s, AichRoot root) {
        s.aichRoot = root;
        aich.announced(root, s.address.getAddress());
        // a part may be waiting for a source with the trusted root
        for (Recovery r : new ArrayList<>(recovering.values())) {
            if (r.asked == null && !r.checking) {
                askRecovery(r);
            }
        }
    }

    /**
     * Asks one capable source for the part's recovery data: connected, supporting AICH, having announced the
     * trusted root, not asked for this part yet and not busy with another AICH request; sources that did not
     * deliver any of the part come first (those that did are the suspects). With none, the part waits (the timer
     * asks again) until {@link #RECOVERY_WAIT_MILLIS} have passed.
     */
    private void askRecovery(Recovery r) {
        AichRoot root = aich.trusted();
        if (root == null) {
            giveUpRecovery(r, "no trusted AICH root");
            return;
        }
        List<Object> contributors = new ArrayList<>();
        for (PartMap.Block b : map.blocksOf(r.part)) {
            contributors.add(map.owner(b.index()));
        }
        Source pick = null;
        boolean pickContributed = true;
        for (Source s : sources.values()) {
            if (!s.connected() || s.state == Source.State.DROPPED || s.aichBusy || r.tried.contains(s)
                    || !s.connection.peer().supportsAich() || !root.equals(s.aichRoot)) {
                continue;
            }
            boolean contributed = contributors.contains(s);
            if (pick == null || (pickContributed && !contributed)) {
                pick = s;
                pickContributed = contributed;
            }
        }
        if (pick == null) {
            return;
        }
        r.asked = pick;
        r.askedAt = System.currentTimeMillis();
        pick.aichBusy = true;
        pick.connection.send(new ClientMessage.AichRequest(hash, r.part, root));
    }

    private Recovery askedOf(Source s) {
        for (Recovery r : recovering.values()) {
            if (r.asked == s) {
                return r;
            }
        }
        return null;
    }

    /** The asked source has no data for the part (or is gone, or silent): the next one is asked. */
    private void aichNoAnswer(Source s, ClientMessage.AichNoAnswer a) {
        Recovery r = askedOf(s);
        if (r == null || !a.file().equals(hash)) {
            return;
        }
        s.aichBusy = false;
        r.tried.add(s);
        r.asked = null;
        askRecovery(r);
    }

    private void aichAnswer(Source s, ClientMessage.AichAnswer a) {
        Recovery r = askedOf(s);
        if (r == null) {
            // late (after our timeout) or never asked: nothing waits for it
            host.logger().log(System.Logger.Level.DEBUG, "ed2k " + hash + ": unrequested AICH answer from "
                    + s.address);
            return;
        }
        s.aichBusy = false;
        r.tried.add(s);
        r.asked = null;
        AichRoot root = aich.trusted();
        byte[] verified;
        try {
            if (!a.file().equals(hash)) {
                throw new AichRecoveryException("aich answer hash", a.file(), hash + " as requested");
            }
            if (a.part() != r.part) {
                throw new AichRecoveryException("aich answer part", a.part(), r.part + " as requested");
            }
            if (root == null || !a.root().equals(root)) {
                throw new AichRecoveryException("aich answer root", a.root(), root + " as requested");
            }
            verified = AichRecovery.verify(size, r.part, root, a.hashes());
        } catch (AichRecoveryException e) {
            s.lastProblem = "invalid AICH recovery data: " + e.getMessage();
            drop(s, CloseReason.BAD_RECOVERY_DATA);
            giveUpRecovery(r, s.lastProblem);
            return;
        }
        r.checking = true;
        int part = r.part;
        long start = map.partStart(part);
        long len = map.partLength(part);
        io.execute(() -> {
            List<Integer> bad;
            try {
                bad = AichRecovery.badBlocks(verified, AichStore.blockHashes(store, start, len));
                dropBlocks(part, bad);
            } catch (RuntimeException e) {
                String problem = String.valueOf(e.getMessage());
                host.loop().execute(() -> fail("part " + part + " unreadable: " + problem));
                return;
            }
            host.loop().execute(() -> recovered(r, bad));
        });
    }

    /** On the serial executor: reports each run of bad blocks corrupt to the store, keeping the good bytes around. */
    private void dropBlocks(int part, List<Integer> bad) {
        List<PartMap.Block> blocks = map.blocksOf(part);
        for (int i = 0; i < bad.size(); ) {
            int j = i;
            while (j + 1 < bad.size() && bad.get(j + 1) == bad.get(j) + 1) {
                j++;
            }
            PartMap.Block first = blocks.get(bad.get(i));
            PartMap.Block last = blocks.get(bad.get(j));
            long index = (long) part * AichTree.MAX_BLOCKS_PER_PART + bad.get(i);
            AichStore.markCorruptKeepingNeighbours(store, new VerificationUnit(host.network(), AICH_UNIT_KIND, index,
                    first.start(), last.end() - first.start()), size);
            i = j + 1;
        }
    }

    /** Back on the loop after the part's blocks were compared with the verified recovery data. */
    private void recovered(Recovery r, List<Integer> bad) {
        recovering.remove(r.part);
        if (closed) {
            return;
        }
        if (bad.isEmpty()) {
            // MD4 says the part is corrupt, the verified block hashes say every block is right: the root is wrong
            host.logger().log(System.Logger.Level.DEBUG, "ed2k " + hash + ": part " + r.part
                    + " failed MD4 but matches AICH root " + aich.trusted() + ": not using AICH any more");
            aich.fail();
            wholePartCorrupt(r.part);
            return;
        }
        List<Object> culprits = map.corruptBlocks(r.part, bad);
        long badBytes = 0;
        for (int i : bad) {
            badBytes += map.blocksOf(r.part).get(i).length();
        }
        host.logger().log(System.Logger.Level.DEBUG, "ed2k " + hash + ": AICH recovered part " + r.part + ": "
                + bad.size() + " bad blocks (" + badBytes + " bytes) fetched again; sent by " + culprits);
        for (Object o : culprits) {
            if (o instanceof Source s && s.state != Source.State.DROPPED) {
                s.lastProblem = "sent corrupt AICH blocks of part " + r.part;
                drop(s, CloseReason.CORRUPT_DATA);
            }
        }
        wantedAgain();
    }

    /** No recovery for the part after all: it is fetched again whole. */
    private void giveUpRecovery(Recovery r, String why) {
        if (recovering.remove(r.part) == null) {
            return;
        }
        if (r.asked != null) {
            r.asked.aichBusy = false;
        }
        host.logger().log(System.Logger.Level.DEBUG, "ed2k " + hash + ": no AICH recovery of part " + r.part + ": "
                + why);
        if (!closed && !finished) {
            wholePartCorrupt(r.part);
        }
    }

    /** Timer: silent sources count as "no data", and parts nobody could help within the wait are fetched whole. */
    private void recoveryTick(long now) {
        for (Recovery r : new ArrayList<>(recovering.values())) {
            if (r.checking) {
                continue;
            }
            if (r.asked != null && now - r.askedAt > AICH_ANSWER_MILLIS) {
                r.asked.aichBusy = false;
                r.tried.add(r.asked);
                r.asked = null;
            }
            if (r.asked == null) {
                if (now >= r.giveUpAt) {
                    giveUpRecovery(r, "no source sent recovery data within " + RECOVERY_WAIT_MILLIS / 1000 + " s");
                } else {
                    askRecovery(r);
                }
            }
        }
    }

    /** A source with an outstanding AICH request left: the request counts as unanswered. */
    private void aichSourceGone(Source s) {
        if (!s.aichBusy) {
            return;
        }
        s.aichBusy = false;
        Recovery r = askedOf(s);
        if (r != null) {
            r.tried.add(s);
            r.asked = null;
        }
    }

    private void finish() {
        finished = true;
        for (Source s : new ArrayList<>(sources.values())) {
            if (s.connected()) {
                if (s.state == Source.State.DOWNLOADING || s.state == Source.State.QUEUED) {
                    s.connection.send(new ClientMessage.CancelTransfer());
                }
                detach(s, CloseReason.CLOSED_LOCALLY, false);
            }
        }
        report(0);
    }

    /** Drops a source for good (no file, corrupt data, protocol violation). */
    private void drop(Source s, CloseReason reason) {
        detach(s, reason, true);
        s.state = Source.State.DROPPED;
        map.unreserve(s);
    }

    /** Detaches the connection; closes it unless it also uploads (or {@code close} is false and it is idle). */
    private void detach(Source s, CloseReason reason, boolean close) {
        releaseRequests(s);
        aichSourceGone(s);
        map.unreserve(s);
        if (s.statusCounted) {
            map.availability(s.status, -1);
            s.statusCounted = false;
        }
        if (hashsetFrom == s) {
            hashsetFrom = null;
        }
        PeerConnection c = s.connection;
        s.connection = null;
        if (s.state != Source.State.DROPPED) {
            s.state = Source.State.IDLE;
            s.nextAttempt = System.currentTimeMillis() + RETRY_MILLIS;
        }
        if (c != null) {
            c.downloadState(null);
            if (close && !host.uploading(c)) {
                c.close(reason, s.lastProblem == null ? reason.name() : s.lastProblem);
            } else if (!host.uploading(c)) {
                c.close(reason, "download side done");
            }
        }
    }

    private void releaseRequests(Source s) {
        for (Source.Pending p : s.pending) {
            p.releasePacked();
            p.data = null;
            map.released(p.block, s);
        }
        s.pending.clear();
    }

    /** The connection of source {@code s} closed. Loop only. */
    public void connectionClosed(Source s, CloseReason reason, String detail) {
        if (s.connection == null) {
            return;
        }
        s.lastProblem = reason + (detail.isEmpty() ? "" : ": " + detail);
        s.connection = null;
        releaseRequests(s);
        aichSourceGone(s);
        map.unreserve(s);
        if (s.statusCounted) {
            map.availability(s.status, -1);
            s.statusCounted = false;
        }
        if (hashsetFrom == s) {
            hashsetFrom = null;
        }
        if (s.state != Source.State.DROPPED) {
            boolean wasQueued = s.state == Source.State.QUEUED;
            s.state = Source.State.IDLE;
            // a queued source calls us back when our turn comes; re-ask it later anyway
            s.nextAttempt = System.currentTimeMillis() + (wasQueued ? REASK_MILLIS : RETRY_MILLIS);
        }
        if (!closed && !finished) {
            for (Source other : sources.values()) {
                if (other.state == Source.State.DOWNLOADING) {
                    requestMore(other);
                }
            }
        }
    }

    private void fail(String reason) {
        if (closed) {
            return;
        }
        sink.failed(reason);
        closeOnLoop();
    }

    /** Sources and their states, for the status line and tests. */
    public List<String> describeSources() {
        List<String> out = new ArrayList<>();
        for (Source s : sources.values()) {
            out.add(s.toString());
        }
        return out;
    }

    // ---- DownloadSession ----

    @Override
    public void pause() {
        host.loop().execute(() -> {
            paused = true;
            for (Source s : sources.values()) {
                if (s.connected() && (s.state == Source.State.DOWNLOADING || s.state == Source.State.QUEUED)) {
                    s.connection.send(new ClientMessage.CancelTransfer());
                    detach(s, CloseReason.CLOSED_LOCALLY, true);
                }
            }
        });
    }

    @Override
    public void resume() {
        host.loop().execute(() -> paused = false);
    }

    @Override
    public boolean completed() {
        onLoop(this::finishFromEngine);
        return false;
    }

    private void finishFromEngine() {
        if (!finished && !closed) {
            finish();
        }
    }

    @Override
    public void close() {
        onLoop(this::closeOnLoop);
        // writes already running finish; queued ones are dropped, so no store call follows close()
        io.close(10_000);
    }

    private void closeOnLoop() {
        if (closed) {
            return;
        }
        if (!finished) {
            for (Source s : new ArrayList<>(sources.values())) {
                if (s.connected()) {
                    if (s.state == Source.State.DOWNLOADING || s.state == Source.State.QUEUED) {
                        s.connection.send(new ClientMessage.CancelTransfer());
                    }
                    detach(s, CloseReason.CLOSED_LOCALLY, true);
                }
            }
        }
        closed = true;
        for (Source s : sources.values()) {
            releaseRequests(s);
        }
        if (timer != null) {
            timer.cancel(false);
        }
        host.closed(this);
    }

    private void onLoop(Runnable task) {
        if (host.loop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            host.loop().submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            host.logger().log(System.Logger.Level.WARNING, "ed2k " + hash + ": close: " + e);
        }
    }
}

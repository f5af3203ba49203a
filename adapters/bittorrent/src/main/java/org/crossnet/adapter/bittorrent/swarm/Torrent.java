package org.crossnet.adapter.bittorrent.swarm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.codec.ExtendedHandshake;
import org.crossnet.adapter.bittorrent.codec.MetadataMessage;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.adapter.bittorrent.codec.PeerWire;
import org.crossnet.adapter.bittorrent.codec.PexMessage;
import org.crossnet.adapter.bittorrent.session.CloseReason;
import org.crossnet.adapter.bittorrent.session.PeerConnection;
import org.crossnet.adapter.bittorrent.session.PeerFault;
import org.crossnet.adapter.bittorrent.storage.BlockReader;
import org.crossnet.adapter.bittorrent.storage.PieceBuffer;
import org.crossnet.adapter.bittorrent.storage.PieceCheck;
import org.crossnet.adapter.bittorrent.storage.StoredContentReader;
import org.crossnet.adapter.bittorrent.webseed.WebSeedException;
import org.crossnet.adapter.bittorrent.webseed.WebSeedUrls;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TrackerStatus;
import org.crossnet.spi.torrent.Metainfo;

/**
 * One torrent's swarm: its peers, what each has, which blocks are requested from whom, the pieces being assembled,
 * the choker and the metadata exchange. Downloads into a {@link StoredContent} (verifying each piece's SHA-1 off the
 * event loop) and serves verified pieces through a {@link BlockReader}. Thread-safe: state is guarded by the
 * instance's monitor; calls into the sink, the store and the context go through a {@link Gate}.
 *
 * <p>Piece picking: a random first piece, then rarest first; a piece started by a peer is finished by that peer
 * (so a corrupt piece has one sender to blame) unless it leaves; endgame (every missing piece requested) requests the
 * remaining blocks from every peer that has them and cancels the duplicates when a block arrives. Request queue
 * depth per peer follows its rate (two seconds' worth of blocks), bounded by the config and the peer's reqq; until
 * the rate is known (two ticks with data) a slow start adds one request per block received, doubling the depth each
 * round trip, so a fast peer is not held at {@code request-queue-min} for its first seconds. Web seeds (BEP 19) fetch
 * whole pieces of their own beside the peers. Per-transfer caps pace the requests we send and the blocks we serve
 * (ADR 0003); the choker and snub detection are described on {@link #rechoke()} and {@link #tick()}.
 *
 * <p>Time is the host's {@link TorrentHost#nanoTime()} and timers the host's {@link TorrentHost#schedule}, so tests
 * drive minutes of swarm behaviour on a scripted clock.
 */
public final class Torrent {
    private static final int CHOKE_INTERVAL_TICKS = 10;
    private static final int OPTIMISTIC_INTERVAL_TICKS = 30;
    private static final int PEX_INTERVAL_TICKS = 60;
    private static final int MAX_KNOWN_PEERS = 1000;
    /** Failed requests in a row after which a web seed is given up. */
    private static final int WEB_SEED_MAX_FAILURES = 5;
    private static final String CLIENT = "Crossnet 0.1";
    /** Most queued requests of one peer read in one serving task (64 blocks: 1 MiB). */
    private static final int SERVE_BATCH = 64;
    /** Longest run of adjacent requests read with one call. */
    private static final int SERVE_SPAN = 1 << 20;

    private final TorrentHost host;
    private final BitTorrentConfig config;
    private final InfoHash infoHash;
    private final StoredContent store;
    private final DownloadSink sink;
    private final BlockReader reader;
    private final Gate gate = new Gate();
    private volatile Announcer announcer = Announcer.NONE;
    /**
     * This transfer's own caps ({@code DownloadSession.rateLimits}), under the adapter's global traffic shaping:
     * the download cap paces the requests we send (a block is paid for when requested, so what arrives follows the
     * requests), the upload cap paces the blocks we serve.
     */
    private final TokenBucket downLimit;
    private final TokenBucket upLimit;
    /** A timer is set to send more requests once the download cap allows. */
    private boolean requestWakeScheduled;

    private Metainfo meta;
    private BitSet have = new BitSet();
    private int[] availability = new int[0];
    private final BitSet verifying = new BitSet();
    private final Map<Integer, PieceBuffer> inProgress = new LinkedHashMap<>();
    private final Map<PieceBuffer, PeerState> owners = new HashMap<>();
    /** Web seeds (BEP 19) of a download; none for a magnet (url-list is outside the info dictionary) or a share. */
    private final List<WebSeed> webSeeds = new ArrayList<>();
    /** Pieces being fetched from a web seed: peers leave them alone outside endgame. */
    private final Map<Integer, WebSeed> webPieces = new HashMap<>();
    /** Pieces a web seed supplied blocks of, until their check: the web seed answers for a failure. */
    private final Map<Integer, WebSeed> webSent = new HashMap<>();
    /** Held while writing a verified piece to the store. */
    private final Object writeLock = new Object();
    /** Complete pieces handed to the blocking executor and not yet released by their task. */
    private final Set<PendingPiece> awaitingCheck = new HashSet<>();
    private final Map<PeerConnection, PeerState> peers = new LinkedHashMap<>();
    /** {@code peers.size()}, written under the monitor, read without it by {@link #peerCount()}. */
    private volatile int peerCount;
    private final Set<InetSocketAddress> known = new LinkedHashSet<>();
    private final Set<InetSocketAddress> dialling = new HashSet<>();
    private final Map<InetSocketAddress, Long> retryAfter = new HashMap<>();
    private final Map<InetAddress, Integer> strikes = new HashMap<>();
    private final Set<InetAddress> banned = new HashSet<>();
    private final Set<InetSocketAddress> droppedSincePex = new LinkedHashSet<>();
    /** Connections written to under the monitor and not yet flushed. */
    private final Set<PeerConnection> unflushed = new LinkedHashSet<>();
    private byte[] metadata;
    private BitSet metadataHave;
    private boolean resolving;
    private boolean ready;
    private boolean paused;
    private boolean complete;
    private boolean stopFetching;
    private boolean closed;
    private PeerState optimistic;
    private long ticks;
    private long trafficDown;
    private long trafficUp;
    /** Payload bytes received and sent since the torrent started, for tracker announces (BEP 3). */
    private long downloadedTotal;
    private long uploadedTotal;
    private int lastConnected = -1;
    private int lastKnown = -1;

    private Torrent(TorrentHost host, InfoHash infoHash, Metainfo meta, StoredContent store, DownloadSink sink,
                    BlockReader reader) {
        this.host = host;
        this.config = host.config();
        this.infoHash = infoHash;
        this.store = store;
        this.sink = sink;
        this.reader = reader;
        this.downLimit = new TokenBucket(host::nanoTime);
        this.upLimit = new TokenBucket(host::nanoTime);
        if (meta != null) {
            setMeta(meta);
            if (store != null && host.webSeedClient() != null) {
                for (String url : meta.webSeeds()) {
                    try {
                        webSeeds.add(new WebSeed(WebSeedUrls.of(url, meta)));
                    } catch (WebSeedException e) {
                        host.debug("torrent " + infoHash + ": web seed ignored: " + e.getMessage());
                    }
                }
            }
        }
    }

    /**
     * A torrent downloading into {@code store}; {@code meta} is null for a magnet until ut_metadata resolves it.
     * Call {@link #start()} next.
     */
    public static Torrent download(TorrentHost host, InfoHash infoHash, Metainfo meta, StoredContent store,
                                   DownloadSink sink) {
        return new Torrent(host, infoHash, meta, store, sink, new StoredContentReader(store));
    }

    /** A torrent seeding complete content read through {@code reader}. */
    public static Torrent seed(TorrentHost host, Metainfo meta, BlockReader reader) {
        Torrent t = new Torrent(host, meta.infoHash(), meta, null, null, reader);
        synchronized (t) {
            t.have.set(0, meta.pieceCount());
            t.complete = true;
            t.stopFetching = true;
            t.ready = true;
        }
        return t;
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    /** Whether this torrent downloads into a store (made by {@link #download}) rather than seeds a published file. */
    public boolean isDownload() {
        return store != null;
    }

    /** The metainfo, or null before a magnet's metadata arrived. */
    public synchronized Metainfo metainfo() {
        return meta;
    }

    /** Sets the announcer; call before {@link #start()}. */
    public void announcer(Announcer announcer) {
        this.announcer = announcer;
    }

    /** Starts: for a download, reads which pieces the store has verified already (resume), then announces. */
    public void start() {
        if (store != null && meta != null) {
            loadVerifiedPieces(() -> announcer.start());
        } else {
            synchronized (this) {
                ready = meta != null;
            }
            announcer.start();
        }
    }

    // ---------------------------------------------------------------- peers

    /** Adds addresses to dial (from the link, trackers or PEX); dials at once as limits allow. */
    public void addPeers(List<InetSocketAddress> addresses) {
        synchronized (this) {
            if (closed) {
                return;
            }
            for (InetSocketAddress a : addresses) {
                if (known.size() < MAX_KNOWN_PEERS && !host.isSelf(a) && !banned.contains(a.getAddress())) {
                    known.add(a);
                }
            }
            dialMore();
        }
        host.debug("torrent " + infoHash + ": " + addresses.size() + " addresses to dial");
        reportSources();
    }

    /** An outgoing connection failed before its handshake. */
    public synchronized void dialFailed(InetSocketAddress address) {
        dialling.remove(address);
        retryAfter.put(address, host.nanoTime() + 15_000_000_000L);
    }

    /** A peer finished its handshake; false (and the connection closed) when refused. */
    public boolean attach(PeerConnection connection) {
        PeerState peer;
        synchronized (this) {
            InetSocketAddress remote = connection.remoteAddress();
            CloseReason refuse = null;
            if (closed) {
                refuse = CloseReason.TORRENT_CLOSED;
            } else if (remote != null && banned.contains(remote.getAddress())) {
                refuse = CloseReason.BANNED;
            } else if (peers.size() >= config.maxPeersPerTorrent() || (!connection.isOutgoing()
                    && host.totalPeers() >= config.maxPeersGlobal())) {
                refuse = CloseReason.CONNECTION_LIMIT;
            }
            if (connection.isOutgoing()) {
                dialling.remove(connection.dialledAddress());
            }
            if (refuse != null) {
                connection.close(refuse, "refused at attach");
                return false;
            }
            peer = new PeerState(connection, host.nanoTime());
            peer.slowStartDepth = config.requestQueueMin();
            peers.put(connection, peer);
            peerCount = peers.size();
            sendIntro(peer);
        }
        flushPending();
        reportSources();
        host.debug(connection + " attached to " + infoHash + (connection.isOutgoing() ? " (dialled)" : " (incoming)"));
        return true;
    }

    /** A connection closed; its requests go back to the pool. */
    public void detach(PeerConnection connection) {
        synchronized (this) {
            if (connection.isOutgoing()) {
                dialling.remove(connection.dialledAddress());
                retryAfter.put(connection.dialledAddress(), host.nanoTime() + 30_000_000_000L);
            }
            PeerState peer = peers.remove(connection);
            peerCount = peers.size();
            if (peer == null) {
                return;
            }
            host.debug(connection + " closed: " + connection.closeReason() + " " + connection.closeDetail());
            dropRequests(peer);
            if (meta != null) {
                for (int i = 0; i < availability.length; i++) {
                    if (peer.has(i)) {
                        availability[i]--;
                    }
                }
            }
            if (optimistic == peer) {
                optimistic = null;
            }
            InetSocketAddress listen = peer.listenAddress();
            if (listen != null) {
                droppedSincePex.add(listen);
            }
            if (!closed) {
                for (PeerState p : peers.values()) {
                    fillRequests(p);
                }
                requestMetadataFromAny();
                dialMore();
            }
        }
        flushPending();
        reportSources();
    }

    // ---------------------------------------------------------------- messages

    /**
     * Handles one message from an attached peer (on its event loop). Does not release it. The answers are queued
     * under the monitor and flushed after it is released, so no socket write happens while the torrent is locked.
     */
    public void onMessage(PeerConnection connection, PeerMessage message) {
        handle(connection, message);
        flushPending();
    }

    private synchronized void handle(PeerConnection connection, PeerMessage message) {
        PeerState peer = peers.get(connection);
        if (peer == null || closed) {
            return;
        }
        if (message instanceof PeerMessage.Piece m) {
            onPiece(peer, m);
        } else if (message instanceof PeerMessage.Have m) {
            onHave(peer, m.piece());
        } else if (message instanceof PeerMessage.Bitfield m) {
            onBitfield(peer, m.bits());
        } else if (message instanceof PeerMessage.HaveAll) {
            requireFast(peer, "have-all");
            peer.hasAll = true;
            if (meta != null) {
                peer.has.set(0, meta.pieceCount());
                for (int i = 0; i < availability.length; i++) {
                    availability[i]++;
                }
            }
            afterAvailability(peer);
        } else if (message instanceof PeerMessage.HaveNone) {
            requireFast(peer, "have-none");
        } else if (message instanceof PeerMessage.Request m) {
            onRequest(peer, m);
        } else if (message instanceof PeerMessage.Cancel m) {
            peer.serving.remove(PeerState.key(m.piece(), m.begin()));
        } else if (message instanceof PeerMessage.Choke) {
            peer.peerChoking = true;
            if (!peer.fast) {
                // BEP 3: a choke discards every pending request; BEP 6 peers reject each one instead.
                dropRequests(peer);
            }
        } else if (message instanceof PeerMessage.Unchoke) {
            if (peer.peerChoking) {
                host.debug(peer.connection + " unchoked us");
            }
            peer.peerChoking = false;
            fillRequests(peer);
        } else if (message instanceof PeerMessage.Interested) {
            peer.peerInterested = true;
            long unchoked = peers.values().stream().filter(p -> !p.amChoking).count();
            if (peer.amChoking && unchoked < config.uploadSlots() + 1) {
                unchoke(peer);
            }
        } else if (message instanceof PeerMessage.NotInterested) {
            peer.peerInterested = false;
        } else if (message instanceof PeerMessage.Reject m) {
            requireFast(peer, "reject");
            long key = PeerState.key(m.piece(), m.begin());
            if (peer.outstanding.remove(key)) {
                releaseBlock(peer, key);
            }
        } else if (message instanceof PeerMessage.Suggest m) {
            requireFast(peer, "suggest");
            checkIndex(m.piece(), "suggest.piece");
            peer.suggested.add(m.piece());
        } else if (message instanceof PeerMessage.AllowedFast m) {
            requireFast(peer, "allowed-fast");
            checkIndex(m.piece(), "allowed-fast.piece");
            peer.allowedFast.add(m.piece());
            fillRequests(peer);
        } else if (message instanceof PeerMessage.Extended m) {
            onExtended(peer, m);
        }
    }

    private void requireFast(PeerState peer, String message) {
        if (!peer.fast) {
            throw new PeerFault(CloseReason.PROTOCOL_VIOLATION, message, "without the fast extension",
                    "only after reserved[7] & 0x04");
        }
    }

    private void checkIndex(int piece, String field) {
        if (meta != null && piece >= meta.pieceCount()) {
            throw new PeerFault(CloseReason.PIECE_OUT_OF_RANGE, field, piece, "0.." + (meta.pieceCount() - 1));
        }
        if (meta == null && piece > Metainfo.MAX_TORRENT_SIZE / 20) {
            throw new PeerFault(CloseReason.PIECE_OUT_OF_RANGE, field, piece, "0.." + Metainfo.MAX_TORRENT_SIZE / 20);
        }
    }

    private void onHave(PeerState peer, int piece) {
        checkIndex(piece, "have.piece");
        if (!peer.has(piece)) {
            peer.has.set(piece);
            if (meta != null) {
                availability[piece]++;
            }
        }
        afterAvailability(peer);
    }

    private void onBitfield(PeerState peer, Bytes bits) {
        if (meta == null) {
            if (bits.length() > Metainfo.MAX_TORRENT_SIZE / 20 / 8 + 1) {
                throw new PeerFault(CloseReason.BAD_BITFIELD, "bitfield.length", bits.length(),
                        "at most " + (Metainfo.MAX_TORRENT_SIZE / 20 / 8 + 1));
            }
            peer.pendingBitfield = bits;
            return;
        }
        applyBitfield(peer, bits);
        afterAvailability(peer);
    }

    private void applyBitfield(PeerState peer, Bytes bits) {
        int n = meta.pieceCount();
        if (bits.length() != (n + 7) / 8) {
            throw new PeerFault(CloseReason.BAD_BITFIELD, "bitfield.length", bits.length(), (n + 7) / 8 + " bytes for "
                    + n + " pieces");
        }
        for (int i = n; i < bits.length() * 8; i++) {
            if ((bits.get(i >>> 3) & (0x80 >>> (i & 7))) != 0) {
                throw new PeerFault(CloseReason.BAD_BITFIELD, "bitfield.spare-bit", i, "spare bits cleared");
            }
        }
        for (int i = 0; i < n; i++) {
            if ((bits.get(i >>> 3) & (0x80 >>> (i & 7))) != 0 && !peer.has.get(i)) {
                peer.has.set(i);
                availability[i]++;
            }
        }
    }

    private void afterAvailability(PeerState peer) {
        if (meta == null) {
            return;
        }
        if (complete && isSeed(peer)) {
            peer.connection.close(CloseReason.BOTH_SEEDS, "both sides have every piece");
            return;
        }
        updateInterest(peer);
        fillRequests(peer);
    }

    private boolean isSeed(PeerState peer) {
        return peer.hasAll || (meta != null && peer.has.cardinality() == meta.pieceCount());
    }

    private void onPiece(PeerState peer, PeerMessage.Piece m) {
        if (meta == null) {
            throw new PeerFault(CloseReason.PROTOCOL_VIOLATION, "piece", "before metadata", "no unrequested blocks");
        }
        checkIndex(m.piece(), "piece.piece");
        int length = m.data().readableBytes();
        if (m.begin() < 0 || (long) m.begin() + length > meta.pieceSize(m.piece())) {
            throw new PeerFault(CloseReason.PIECE_OUT_OF_RANGE, "piece.begin", m.begin() + "+" + length,
                    "a block within the " + meta.pieceSize(m.piece()) + " bytes of piece " + m.piece());
        }
        long key = PeerState.key(m.piece(), m.begin());
        peer.downTick += length;
        trafficDown += length;
        downloadedTotal += length;
        if (!peer.outstanding.remove(key)) {
            return; // Unrequested or cancelled: arrives after a cancel in endgame; the bytes are simply dropped.
        }
        peer.lastBlockNanos = host.nanoTime();
        peer.snubbed = false;
        if (peer.slowStartDepth > 0) {
            peer.slowStartDepth = Math.min(config.requestQueueMax(), peer.slowStartDepth + 1);
        }
        PieceBuffer buffer = inProgress.get(m.piece());
        if (buffer != null) {
            int block = buffer.blockAt(m.begin(), length);
            if (block < 0) {
                throw new PeerFault(CloseReason.PROTOCOL_VIOLATION, "piece.length", length,
                        "the length requested");
            }
            if (buffer.receive(block, m.data(), peer.connection.remoteAddress().getAddress())) {
                cancelDuplicates(peer, key);
            }
            if (buffer.complete()) {
                pieceDone(buffer);
            }
        }
        fillRequests(peer);
    }

    private void cancelDuplicates(PeerState except, long key) {
        for (PeerState p : peers.values()) {
            if (p != except && p.outstanding.remove(key)) {
                send(p, new PeerMessage.Cancel(PeerState.piece(key), PeerState.begin(key),
                        Math.min(PeerWire.BLOCK_SIZE, meta.pieceSize(PeerState.piece(key)) - PeerState.begin(key))));
            }
        }
    }

    private void onRequest(PeerState peer, PeerMessage.Request m) {
        if (meta == null) {
            reject(peer, m);
            return;
        }
        checkIndex(m.piece(), "request.piece");
        if (m.begin() < 0 || (long) m.begin() + m.length() > meta.pieceSize(m.piece())) {
            throw new PeerFault(CloseReason.INVALID_REQUEST, "request.begin", m.begin() + "+" + m.length(),
                    "a block within the " + meta.pieceSize(m.piece()) + " bytes of piece " + m.piece());
        }
        if (!have.get(m.piece()) || (peer.amChoking) || peer.serving.size() >= config.servingQueueMax()) {
            reject(peer, m);
            return;
        }
        long key = PeerState.key(m.piece(), m.begin());
        if (!peer.serving.add(key)) {
            return;
        }
        peer.toServe.add(m);
        scheduleServing(peer);
    }

    /** Makes sure one task drains the peer's queued requests; at most one per peer runs or waits at a time. */
    private void scheduleServing(PeerState peer) {
        if (peer.serveScheduled || peer.toServe.isEmpty()) {
            return;
        }
        peer.serveScheduled = true;
        if (!gate.execute(host.blocking(), () -> serveQueued(peer))) {
            peer.serveScheduled = false;
            peer.toServe.clear();
            peer.serving.clear();
        }
    }

    private void reject(PeerState peer, PeerMessage.Request m) {
        if (peer.fast) {
            send(peer, new PeerMessage.Reject(m.piece(), m.begin(), m.length()));
        }
    }

    /**
     * Serves up to {@link #SERVE_BATCH} of a peer's queued requests (on the blocking executor): adjacent requests are
     * read as one span into one buffer, whose slices become the piece messages; written and flushed without holding
     * the monitor. Requests cancelled or choked meanwhile are skipped. Reschedules itself while requests remain, so a
     * busy peer does not hold an executor thread for longer than one batch.
     */
    private void serveQueued(PeerState peer) {
        List<PeerMessage.Request> batch = new ArrayList<>();
        synchronized (this) {
            PeerMessage.Request unpaid = null;
            while (batch.size() < SERVE_BATCH && !peer.toServe.isEmpty()) {
                PeerMessage.Request m = peer.toServe.peek();
                if (!peer.serving.contains(PeerState.key(m.piece(), m.begin()))) {
                    peer.toServe.poll();
                } else if (upLimit.tryTake(m.length())) {
                    batch.add(peer.toServe.poll());
                } else {
                    unpaid = m;
                    break;
                }
            }
            if (!closed && batch.isEmpty() && unpaid != null) {
                // the upload cap is spent: come back when it pays for the next block (serveScheduled stays set,
                // so no other task starts meanwhile)
                long delay = Math.max(upLimit.nanosUntil(unpaid.length()), 5_000_000L);
                host.schedule(() -> {
                    synchronized (this) {
                        peer.serveScheduled = false;
                        if (!closed) {
                            scheduleServing(peer);
                        }
                    }
                }, delay);
                return;
            }
            if (closed || batch.isEmpty()) {
                peer.serveScheduled = false;
                return;
            }
        }
        List<PeerMessage.Piece> blocks = new ArrayList<>(batch.size());
        try {
            readSpans(peer, batch, blocks);
        } catch (RuntimeException e) {
            blocks.forEach(b -> b.data().release());
            host.debug("read for " + peer.connection + " failed: " + e.getMessage());
            peer.connection.close(CloseReason.TORRENT_CLOSED, "content unreadable: " + e.getMessage());
            synchronized (this) {
                peer.serveScheduled = false;
            }
            return;
        }
        List<PeerMessage.Piece> out = new ArrayList<>(blocks.size());
        synchronized (this) {
            for (PeerMessage.Piece b : blocks) {
                if (peer.serving.remove(PeerState.key(b.piece(), b.begin()))) {
                    int length = b.data().readableBytes();
                    peer.upTick += length;
                    trafficUp += length;
                    uploadedTotal += length;
                    out.add(b);
                } else {
                    upLimit.refund(b.data().readableBytes());
                    b.data().release();
                }
            }
            peer.serveScheduled = false;
            scheduleServing(peer);
        }
        for (PeerMessage.Piece b : out) {
            peer.connection.send(b);
        }
        peer.connection.flush();
    }

    /** Reads the batch, one read per run of adjacent requests (up to {@link #SERVE_SPAN} bytes). */
    private void readSpans(PeerState peer, List<PeerMessage.Request> batch, List<PeerMessage.Piece> blocks) {
        long pieceLength = meta.pieceLength();
        int i = 0;
        while (i < batch.size()) {
            PeerMessage.Request first = batch.get(i);
            long start = first.piece() * pieceLength + first.begin();
            long end = start + first.length();
            int j = i + 1;
            while (j < batch.size()) {
                PeerMessage.Request next = batch.get(j);
                long at = next.piece() * pieceLength + next.begin();
                if (at != end || end - start + next.length() > SERVE_SPAN) {
                    break;
                }
                end += next.length();
                j++;
            }
            int span = (int) (end - start);
            ByteBuf buffer = peer.connection.alloc().ioBuffer(span, span);
            try {
                reader.read(start, buffer.nioBuffer(0, span));
                buffer.writerIndex(span);
                int at = 0;
                for (int k = i; k < j; k++) {
                    PeerMessage.Request r = batch.get(k);
                    blocks.add(new PeerMessage.Piece(r.piece(), r.begin(), buffer.retainedSlice(at, r.length())));
                    at += r.length();
                }
            } finally {
                buffer.release();
            }
            i = j;
        }
    }

    // ---------------------------------------------------------------- requesting

    private void updateInterest(PeerState peer) {
        boolean want = meta != null && ready && !stopFetching && !paused && wantsFrom(peer);
        if (want != peer.amInterested) {
            peer.amInterested = want;
            send(peer, want ? new PeerMessage.Interested() : new PeerMessage.NotInterested());
        }
    }

    private boolean wantsFrom(PeerState peer) {
        if (peer.hasAll) {
            return have.cardinality() < meta.pieceCount();
        }
        BitSet lacking = (BitSet) peer.has.clone();
        lacking.andNot(have);
        return !lacking.isEmpty();
    }

    private int queueDepth(PeerState peer) {
        if (peer.snubbed) {
            return 1; // one request to prove itself with; a block arriving lifts the snub
        }
        int byRate = Math.max((int) (peer.downRate * 2 / PeerWire.BLOCK_SIZE), peer.slowStartDepth);
        int depth = Math.max(config.requestQueueMin(), Math.min(config.requestQueueMax(), byRate));
        int reqq = peer.extensionsOf == null ? 0 : peer.extensionsOf.requestQueue();
        return reqq > 0 ? Math.min(depth, reqq) : depth;
    }

    private void fillRequests(PeerState peer) {
        if (meta == null || !ready || stopFetching || paused || !peer.amInterested) {
            return;
        }
        int depth = queueDepth(peer);
        while (peer.outstanding.size() < depth) {
            if (!downLimit.tryTake(PeerWire.BLOCK_SIZE)) {
                wakeForRequests();
                break;
            }
            long key = nextBlock(peer);
            if (key < 0) {
                downLimit.refund(PeerWire.BLOCK_SIZE);
                break;
            }
            int piece = PeerState.piece(key);
            int begin = PeerState.begin(key);
            PieceBuffer buffer = inProgress.get(piece);
            int length = buffer.blockLength(begin / PeerWire.BLOCK_SIZE);
            downLimit.refund(PeerWire.BLOCK_SIZE - length);
            buffer.requested(begin / PeerWire.BLOCK_SIZE);
            peer.outstanding.add(key);
            send(peer, new PeerMessage.Request(piece, begin, length));
        }
    }

    /** Sets a timer (one at a time) to fill every peer's queue once the download cap has a block's worth again. */
    private void wakeForRequests() {
        if (requestWakeScheduled || closed) {
            return;
        }
        requestWakeScheduled = true;
        // at least 10 ms apart: under a high cap the bucket's burst then pays for several blocks per wake-up
        long delay = Math.max(downLimit.nanosUntil(PeerWire.BLOCK_SIZE), 10_000_000L);
        host.schedule(() -> {
            synchronized (this) {
                requestWakeScheduled = false;
                if (closed) {
                    return;
                }
                for (PeerState p : peers.values()) {
                    fillRequests(p);
                }
                startWebSeeds();
            }
            flushPending();
        }, delay);
    }

    // ---------------------------------------------------------------- web seeds (BEP 19)

    /**
     * Sets every idle web seed fetching a piece of its own (rarest first, then lowest index), one piece per web seed
     * at a time, whole pieces by ranged GETs. Under a download cap a piece is charged in full when asked for.
     */
    private void startWebSeeds() {
        if (meta == null || !ready || stopFetching || paused || closed || webSeeds.isEmpty()) {
            return;
        }
        long now = host.nanoTime();
        for (WebSeed w : webSeeds) {
            if (w.disabled != null || w.piece >= 0 || w.retryAtNanos - now > 0) {
                continue;
            }
            if (downLimit.nanosUntil(PeerWire.BLOCK_SIZE) > 0) {
                wakeForRequests();
                return;
            }
            int piece = pickWebPiece();
            if (piece < 0) {
                return;
            }
            downLimit.charge(meta.pieceSize(piece));
            inProgress.put(piece, new PieceBuffer(piece, meta.pieceSize(piece), PooledByteBufAllocator.DEFAULT));
            webPieces.put(piece, w);
            w.piece = piece;
            CompletableFuture<byte[]> fetch = host.webSeedClient().fetch(w.urls.piece(piece));
            w.inFlight = fetch;
            fetch.whenComplete((bytes, error) -> gate.run(() -> webPieceArrived(w, piece, bytes, error)));
        }
    }

    /** Rarest first among the pieces nobody has started, lowest index among equals. */
    private int pickWebPiece() {
        int best = -1;
        int bestAvailability = Integer.MAX_VALUE;
        for (int i = have.nextClearBit(0); i < meta.pieceCount(); i = have.nextClearBit(i + 1)) {
            if (!verifying.get(i) && !inProgress.containsKey(i) && availability[i] < bestAvailability) {
                best = i;
                bestAvailability = availability[i];
            }
        }
        return best;
    }

    private void webPieceArrived(WebSeed w, int piece, byte[] bytes, Throwable error) {
        synchronized (this) {
            w.piece = -1;
            w.inFlight = null;
            webPieces.remove(piece, w);
            if (closed) {
                return;
            }
            PieceBuffer buffer = inProgress.get(piece);
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                WebSeedException e = cause instanceof WebSeedException we ? we
                        : new WebSeedException(WebSeedException.Kind.TRANSIENT, String.valueOf(cause));
                w.lastError = e.getMessage();
                if (e.kind() == WebSeedException.Kind.PERMANENT || ++w.failures >= WEB_SEED_MAX_FAILURES) {
                    w.disabled = e.getMessage();
                    host.debug("torrent " + infoHash + ": web seed " + w.urls.url() + " given up: " + e.getMessage());
                } else {
                    // 30 s, 60 s, 2 min, ... up to 10 min, or what the server asked for
                    long backoff = e.retryAfterSeconds() >= 0 ? e.retryAfterSeconds()
                            : Math.min(600, 30L << Math.min(w.failures - 1, 5));
                    w.retryAtNanos = host.nanoTime() + backoff * 1_000_000_000L;
                }
                if (buffer != null && owners.get(buffer) == null && untouched(buffer)) {
                    inProgress.remove(piece);
                    buffer.release();
                }
            } else {
                w.failures = 0;
                w.lastError = null;
                w.downloaded += bytes.length;
                trafficDown += bytes.length;
                downloadedTotal += bytes.length;
                if (buffer != null) { // else peers finished it first (endgame)
                    ByteBuf all = Unpooled.wrappedBuffer(bytes);
                    for (int b = 0; b < buffer.blockCount(); b++) {
                        if (buffer.receive(b, all.slice(buffer.blockBegin(b), buffer.blockLength(b)), null)) {
                            cancelDuplicates(null, PeerState.key(piece, buffer.blockBegin(b)));
                        }
                    }
                    webSent.put(piece, w);
                    if (buffer.complete()) {
                        pieceDone(buffer);
                    }
                }
            }
            startWebSeeds();
            for (PeerState p : peers.values()) {
                fillRequests(p);
            }
        }
        flushPending();
    }

    /** No block of {@code buffer} received nor requested. */
    private static boolean untouched(PieceBuffer buffer) {
        for (int b = 0; b < buffer.blockCount(); b++) {
            if (buffer.isReceived(b) || buffer.requestCount(b) > 0) {
                return false;
            }
        }
        return true;
    }

    /** One snapshot per web seed, in metainfo order. */
    public synchronized List<WebSeedStatus> webSeeds() {
        List<WebSeedStatus> out = new ArrayList<>(webSeeds.size());
        for (WebSeed w : webSeeds) {
            out.add(new WebSeedStatus(w.urls.url(), w.piece, w.downloaded, w.failures, w.strikes, w.lastError,
                    w.disabled));
        }
        return out;
    }

    /**
     * One web seed as of now.
     *
     * @param url        the url-list entry
     * @param piece      the piece being fetched, -1 when idle
     * @param downloaded bytes received from it
     * @param failures   failed requests in a row
     * @param strikes    pieces from it that failed their check
     * @param lastError  the last failure, null after a success
     * @param disabled   why it is no longer used, null while it is
     */
    public record WebSeedStatus(String url, int piece, long downloaded, int failures, int strikes, String lastError,
                                String disabled) {
    }

    private boolean mayRequest(PeerState peer, int piece) {
        return peer.has(piece) && (!peer.peerChoking || peer.allowedFast.contains(piece));
    }

    /**
     * The next block to ask {@code peer} for, as a key, or -1. A snubbed peer takes a block without owning its piece,
     * so that a faster peer may carry on with the rest of it.
     */
    private long nextBlock(PeerState peer) {
        for (PieceBuffer buffer : inProgress.values()) {
            PeerState owner = owners.get(buffer);
            if ((owner == null || owner == peer) && !webPieces.containsKey(buffer.index())
                    && mayRequest(peer, buffer.index())) {
                for (int b = 0; b < buffer.blockCount(); b++) {
                    if (!buffer.isReceived(b) && buffer.requestCount(b) == 0) {
                        if (!peer.snubbed) {
                            owners.put(buffer, peer);
                        }
                        return PeerState.key(buffer.index(), buffer.blockBegin(b));
                    }
                }
            }
        }
        int piece = pickPiece(peer);
        if (piece >= 0) {
            PieceBuffer buffer = new PieceBuffer(piece, meta.pieceSize(piece), PooledByteBufAllocator.DEFAULT);
            inProgress.put(piece, buffer);
            if (!peer.snubbed) {
                owners.put(buffer, peer);
            }
            return PeerState.key(piece, 0);
        }
        if (inEndgame()) {
            for (PieceBuffer buffer : inProgress.values()) {
                if (mayRequest(peer, buffer.index())) {
                    for (int b = 0; b < buffer.blockCount(); b++) {
                        long key = PeerState.key(buffer.index(), buffer.blockBegin(b));
                        if (!buffer.isReceived(b) && !peer.outstanding.contains(key) && buffer.requestCount(b) < 3) {
                            return key;
                        }
                    }
                }
            }
        }
        return -1;
    }

    private boolean inEndgame() {
        return have.cardinality() + inProgress.size() + verifying.cardinality() >= meta.pieceCount();
    }

    /** Rarest first among the pieces the peer may give us; a random one while we have none; suggestions first. */
    private int pickPiece(PeerState peer) {
        for (int s : peer.suggested) {
            if (candidate(peer, s)) {
                return s;
            }
        }
        boolean random = have.isEmpty() && verifying.isEmpty();
        int best = -1;
        int bestAvailability = Integer.MAX_VALUE;
        int ties = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = have.nextClearBit(0); i < meta.pieceCount(); i = have.nextClearBit(i + 1)) {
            if (!candidate(peer, i)) {
                continue;
            }
            int a = random ? 0 : availability[i];
            if (a < bestAvailability) {
                best = i;
                bestAvailability = a;
                ties = 1;
            } else if (a == bestAvailability && rnd.nextInt(++ties) == 0) {
                best = i;
            }
        }
        return best;
    }

    private boolean candidate(PeerState peer, int piece) {
        return !have.get(piece) && !verifying.get(piece) && !inProgress.containsKey(piece) && mayRequest(peer, piece);
    }

    private void dropRequests(PeerState peer) {
        for (long key : List.copyOf(peer.outstanding)) {
            releaseBlock(peer, key);
        }
        peer.outstanding.clear();
        owners.values().removeIf(p -> p == peer);
    }

    private void releaseBlock(PeerState peer, long key) {
        PieceBuffer buffer = inProgress.get(PeerState.piece(key));
        if (buffer != null) {
            buffer.requestDropped(PeerState.begin(key) / PeerWire.BLOCK_SIZE);
            if (owners.get(buffer) == peer) {
                owners.remove(buffer);
            }
        }
    }

    // ---------------------------------------------------------------- verification

    /**
     * Hands a complete piece to the blocking executor: SHA-1 check, then {@code write} + {@code markVerified}, or
     * {@code markCorrupt}. The piece's buffer goes with the task, which releases it; one whose task never runs (the
     * torrent closed first) is released by {@link #close()}.
     */
    private void pieceDone(PieceBuffer buffer) {
        int index = buffer.index();
        inProgress.remove(index);
        owners.remove(buffer);
        verifying.set(index);
        Set<InetAddress> senders = buffer.senders();
        PendingPiece pending = new PendingPiece(buffer.takeData());
        awaitingCheck.add(pending);
        byte[] expected = meta.pieceHash(index);
        long offset = (long) index * meta.pieceLength();
        VerificationUnit unit = new VerificationUnit(host.network(), "bt-piece", index, offset,
                pending.data.readableBytes());
        boolean queued = gate.execute(host.blocking(), () -> {
            boolean ok;
            try {
                ok = PieceCheck.matches(pending.data, expected);
                if (ok) {
                    // One writer at a time: ext4 serialises buffered writes to a file on its inode lock anyway, and
                    // a second writer waiting there spins on the CPU (rwsem_spin_on_owner in perf) rather than
                    // parking as it does here.
                    synchronized (writeLock) {
                        store.write(offset, pending.data.nioBuffer());
                    }
                    store.markVerified(unit);
                } else {
                    store.markCorrupt(unit);
                }
            } catch (GatewayException e) {
                pending.release();
                fail("storage: " + e.getMessage());
                return;
            } finally {
                pending.release();
            }
            pieceChecked(index, ok, senders);
        });
        if (!queued) {
            verifying.clear(index);
            pending.release();
        }
    }

    /** A complete piece's buffer on its way through verification; released exactly once, by whoever comes first. */
    private final class PendingPiece {
        final ByteBuf data;
        private final AtomicBoolean released = new AtomicBoolean();

        PendingPiece(ByteBuf data) {
            this.data = data;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                data.release();
                synchronized (Torrent.this) {
                    awaitingCheck.remove(this);
                }
            }
        }
    }

    private void pieceChecked(int index, boolean ok, Set<InetAddress> senders) {
        boolean nowComplete = false;
        List<String> bans = new ArrayList<>();
        synchronized (this) {
            verifying.clear(index);
            if (closed) {
                return;
            }
            WebSeed web = webSent.remove(index);
            if (web != null && !ok && ++web.strikes >= config.banAfterFailures() && web.disabled == null) {
                web.disabled = "sent " + web.strikes + " corrupt pieces";
                bans.add("web seed " + web.urls.url() + " (" + web.strikes + " corrupt pieces)");
            }
            if (ok) {
                have.set(index);
                for (PeerState p : peers.values()) {
                    send(p, new PeerMessage.Have(index));
                    updateInterest(p);
                }
                if (have.cardinality() == meta.pieceCount() && !complete) {
                    complete = true;
                    stopFetching = true;
                    nowComplete = true;
                    for (PeerState p : List.copyOf(peers.values())) {
                        updateInterest(p);
                        if (isSeed(p)) {
                            p.connection.close(CloseReason.BOTH_SEEDS, "download complete");
                        }
                    }
                }
            } else {
                for (InetAddress sender : senders) {
                    int count = strikes.merge(sender, 1, Integer::sum);
                    host.debug("piece " + index + " failed its SHA-1 check; sender " + sender + " strike " + count);
                    if (count >= config.banAfterFailures() && banned.add(sender)) {
                        bans.add(sender.getHostAddress() + " (" + count + " corrupt pieces)");
                        for (PeerState p : List.copyOf(peers.values())) {
                            if (p.connection.remoteAddress().getAddress().equals(sender)) {
                                p.connection.close(CloseReason.BANNED, "sent " + count + " corrupt pieces");
                            }
                        }
                        known.removeIf(a -> sender.equals(a.getAddress()));
                    }
                }
            }
            for (PeerState p : peers.values()) {
                fillRequests(p);
            }
            startWebSeeds();
        }
        flushPending();
        for (String ban : bans) {
            host.notice("bittorrent: banned " + (ban.startsWith("web seed") ? "" : "peer ") + ban + " in torrent "
                    + infoHash);
        }
        // Verified data is reported at once, so that the rate and totals never lag behind the progress.
        reportTraffic();
        if (nowComplete) {
            announcer.completed();
        }
    }

    private void loadVerifiedPieces(Runnable then) {
        boolean queued = gate.execute(host.blocking(), () -> {
            BitSet verified = new BitSet();
            Metainfo m;
            synchronized (this) {
                m = meta;
            }
            for (int i = 0; i < m.pieceCount(); i++) {
                if (store.isVerified((long) i * m.pieceLength(), m.pieceSize(i))) {
                    verified.set(i);
                }
            }
            synchronized (this) {
                have.or(verified);
                ready = true;
                if (have.cardinality() == m.pieceCount()) {
                    complete = true;
                    stopFetching = true;
                }
                for (PeerState p : peers.values()) {
                    sendHaves(p, verified);
                    updateInterest(p);
                    fillRequests(p);
                }
                startWebSeeds();
            }
            flushPending();
            then.run();
        });
        if (!queued) {
            synchronized (this) {
                ready = true;
            }
        }
    }

    private void sendHaves(PeerState peer, BitSet pieces) {
        for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
            send(peer, new PeerMessage.Have(i));
        }
    }

    // ---------------------------------------------------------------- extensions

    private void sendIntro(PeerState peer) {
        if (meta != null && ready && !have.isEmpty()) {
            if (peer.fast && have.cardinality() == meta.pieceCount()) {
                send(peer, new PeerMessage.HaveAll());
            } else {
                send(peer, new PeerMessage.Bitfield(bitfield()));
            }
        } else if (peer.fast) {
            send(peer, new PeerMessage.HaveNone());
        }
        if (peer.extensions) {
            Map<String, Integer> m = new LinkedHashMap<>();
            m.put("ut_metadata", PeerWire.UT_METADATA_ID);
            if (meta == null || !meta.privateFlag()) {
                m.put("ut_pex", PeerWire.UT_PEX_ID);
            }
            long size = meta == null ? -1 : meta.infoBytes().length();
            ExtendedHandshake ours = new ExtendedHandshake(m, CLIENT, config.servingQueueMax(), size,
                    host.listenPort());
            send(peer, new PeerMessage.Extended(PeerWire.EXTENDED_HANDSHAKE, ours.encode()));
        }
    }

    private Bytes bitfield() {
        byte[] bits = new byte[(meta.pieceCount() + 7) / 8];
        for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
            bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return Bytes.of(bits);
    }

    private void onExtended(PeerState peer, PeerMessage.Extended m) {
        if (!peer.extensions) {
            throw new PeerFault(CloseReason.PROTOCOL_VIOLATION, "extended", "without the extension bit",
                    "only after reserved[5] & 0x10");
        }
        if (m.extendedId() == PeerWire.EXTENDED_HANDSHAKE) {
            peer.extensionsOf = ExtendedHandshake.decode(m.payload());
            if (meta == null && peer.extensionsOf.metadataSize() > 0 && peer.extensionId("ut_metadata") > 0) {
                if (metadata == null) {
                    metadata = new byte[(int) peer.extensionsOf.metadataSize()];
                    metadataHave = new BitSet();
                }
                requestMetadata(peer);
            }
            return;
        }
        if (m.extendedId() == PeerWire.UT_METADATA_ID) {
            onMetadata(peer, MetadataMessage.decode(m.payload()));
        } else if (m.extendedId() == PeerWire.UT_PEX_ID) {
            PexMessage pex = PexMessage.decode(m.payload());
            if (meta == null || !meta.privateFlag()) {
                List<InetSocketAddress> added = pex.added();
                for (InetSocketAddress a : added) {
                    if (known.size() < MAX_KNOWN_PEERS && !host.isSelf(a) && !banned.contains(a.getAddress())) {
                        known.add(a);
                    }
                }
                dialMore();
            }
        } else {
            throw new PeerFault(CloseReason.PROTOCOL_VIOLATION, "extended.id", m.extendedId(),
                    "0, " + PeerWire.UT_METADATA_ID + " or " + PeerWire.UT_PEX_ID + " (the ids we announced)");
        }
    }

    private int metadataPieces() {
        return (metadata.length + PeerWire.METADATA_PIECE_SIZE - 1) / PeerWire.METADATA_PIECE_SIZE;
    }

    private void requestMetadata(PeerState peer) {
        int id = peer.extensionId("ut_metadata");
        if (meta != null || metadata == null || id == 0 || resolving
                || peer.extensionsOf.metadataSize() != metadata.length) {
            return;
        }
        Set<Integer> inFlight = new HashSet<>();
        peers.values().forEach(p -> inFlight.addAll(p.metadataRequested));
        for (int i = 0; i < metadataPieces(); i++) {
            if (!metadataHave.get(i) && !inFlight.contains(i)) {
                peer.metadataRequested.add(i);
                send(peer, new PeerMessage.Extended(id,
                        new MetadataMessage(MetadataMessage.REQUEST, i, -1, Bytes.of(new byte[0])).encode()));
            }
        }
    }

    private void requestMetadataFromAny() {
        for (PeerState p : peers.values()) {
            requestMetadata(p);
        }
    }

    private void onMetadata(PeerState peer, MetadataMessage m) {
        if (m.type() == MetadataMessage.REQUEST) {
            int id = peer.extensionId("ut_metadata");
            if (id == 0) {
                return;
            }
            Bytes info = meta == null ? null : meta.infoBytes();
            int pieces = info == null ? 0 : (info.length() + PeerWire.METADATA_PIECE_SIZE - 1)
                    / PeerWire.METADATA_PIECE_SIZE;
            MetadataMessage answer;
            if (info == null || m.piece() >= pieces) {
                answer = new MetadataMessage(MetadataMessage.REJECT, m.piece(), -1, Bytes.of(new byte[0]));
            } else {
                int start = m.piece() * PeerWire.METADATA_PIECE_SIZE;
                int end = Math.min(info.length(), start + PeerWire.METADATA_PIECE_SIZE);
                answer = new MetadataMessage(MetadataMessage.DATA, m.piece(), info.length(),
                        Bytes.of(Arrays.copyOfRange(info.toArray(), start, end)));
            }
            send(peer, new PeerMessage.Extended(id, answer.encode()));
            return;
        }
        if (!peer.metadataRequested.remove(m.piece())) {
            return; // not asked of this peer (or metadata already resolved): ignore, as BEP 9 allows.
        }
        if (m.type() == MetadataMessage.REJECT || meta != null || metadata == null) {
            return;
        }
        if (m.totalSize() != metadata.length) {
            throw new PeerFault(CloseReason.BAD_METADATA, "ut_metadata.total_size", m.totalSize(),
                    String.valueOf(metadata.length));
        }
        int start = m.piece() * PeerWire.METADATA_PIECE_SIZE;
        int expected = Math.min(PeerWire.METADATA_PIECE_SIZE, metadata.length - start);
        if (start >= metadata.length || m.data().length() != expected) {
            throw new PeerFault(CloseReason.BAD_METADATA, "ut_metadata.piece " + m.piece(), m.data().length()
                    + " bytes", expected + " bytes");
        }
        System.arraycopy(m.data().toArray(), 0, metadata, start, expected);
        metadataHave.set(m.piece());
        if (metadataHave.cardinality() == metadataPieces()) {
            byte[] info = metadata;
            if (!Arrays.equals(PieceCheck.sha1(info), infoHash.bytes().toArray())) {
                metadata = null;
                metadataHave = null;
                throw new PeerFault(CloseReason.BAD_METADATA, "ut_metadata", "SHA-1 of the assembled info",
                        "the infohash " + infoHash);
            }
            resolving = true;
            gate.execute(host.blocking(), () -> resolve(info));
        }
    }

    /** Parses fetched metadata and tells the engine; blocking (filesResolved creates files). */
    private void resolve(byte[] info) {
        List<List<String>> tiers = List.of();
        Metainfo parsed;
        try {
            parsed = Metainfo.parseInfo(info, tiers);
        } catch (GatewayException e) {
            fail("metadata: " + e.getMessage());
            return;
        }
        try {
            if (!parsed.singleFile()) {
                sink.filesResolved(parsed.files());
            }
            sink.contentResolved(parsed.contentId());
        } catch (GatewayException e) {
            fail(e.getMessage());
            return;
        }
        if (store.size() != parsed.totalLength()) {
            fail("store.size: " + store.size() + " (expected: " + parsed.totalLength() + " after metadata)");
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            setMeta(parsed);
            metadata = null;
            for (PeerState p : peers.values()) {
                if (p.hasAll) {
                    p.has.set(0, parsed.pieceCount());
                }
                if (p.has.length() > parsed.pieceCount()) {
                    p.connection.close(CloseReason.PIECE_OUT_OF_RANGE, "have beyond " + parsed.pieceCount());
                    continue;
                }
                if (p.pendingBitfield != null) {
                    try {
                        applyBitfield(p, p.pendingBitfield);
                    } catch (PeerFault f) {
                        p.connection.close(f.reason(), f.getMessage());
                        continue;
                    }
                    p.pendingBitfield = null;
                }
                for (int i = p.has.nextSetBit(0); i >= 0; i = p.has.nextSetBit(i + 1)) {
                    availability[i]++;
                }
            }
        }
        loadVerifiedPieces(() -> { });
    }

    private void setMeta(Metainfo m) {
        meta = m;
        availability = new int[m.pieceCount()];
        have = new BitSet(m.pieceCount());
    }

    // ---------------------------------------------------------------- choking, PEX, ticks

    private void unchoke(PeerState peer) {
        peer.amChoking = false;
        send(peer, new PeerMessage.Unchoke());
    }

    private void choke(PeerState peer) {
        peer.amChoking = true;
        peer.serving.clear();
        peer.toServe.clear();
        send(peer, new PeerMessage.Choke());
    }

    /**
     * Tit-for-tat (BEP 3's choking algorithm): the {@code upload-slots} fastest interested peers that are not snubbing
     * us (by what they give us; by what they take once we seed) are unchoked, plus one optimistic unchoke among the
     * other interested peers. The optimistic one changes every {@value #OPTIMISTIC_INTERVAL_TICKS} ticks (or when it
     * leaves, loses interest or earns a regular slot) to the peer that has waited longest since its last turn, so
     * every choked peer gets a chance to show its rate in turn.
     */
    private void rechoke() {
        List<PeerState> interested = new ArrayList<>();
        List<PeerState> ranked = new ArrayList<>();
        for (PeerState p : peers.values()) {
            if (p.peerInterested) {
                interested.add(p);
                if (!p.snubbed) {
                    ranked.add(p);
                }
            }
        }
        Comparator<PeerState> byRate = complete
                ? Comparator.comparingDouble((PeerState p) -> p.upRate).reversed()
                : Comparator.comparingDouble((PeerState p) -> p.downRate).reversed();
        ranked.sort(byRate);
        Set<PeerState> unchoke = new HashSet<>(ranked.subList(0, Math.min(config.uploadSlots(), ranked.size())));
        if (ticks % OPTIMISTIC_INTERVAL_TICKS == 0 || optimistic == null || !interested.contains(optimistic)
                || unchoke.contains(optimistic)) {
            PeerState next = null;
            for (PeerState p : interested) {
                if (!unchoke.contains(p) && (next == null || p.lastOptimisticTick < next.lastOptimisticTick)) {
                    next = p;
                }
            }
            optimistic = next;
            if (next != null) {
                next.lastOptimisticTick = ticks;
            }
        }
        if (optimistic != null) {
            unchoke.add(optimistic);
        }
        for (PeerState p : peers.values()) {
            if (unchoke.contains(p) && p.amChoking) {
                unchoke(p);
            } else if (!unchoke.contains(p) && !p.amChoking) {
                choke(p);
            }
        }
    }

    private void sendPex() {
        if (meta != null && meta.privateFlag()) {
            return;
        }
        Set<InetSocketAddress> current = new LinkedHashSet<>();
        for (PeerState p : peers.values()) {
            InetSocketAddress a = p.listenAddress();
            if (a != null) {
                current.add(a);
            }
        }
        for (PeerState p : peers.values()) {
            int id = p.extensionId("ut_pex");
            if (id == 0) {
                continue;
            }
            List<InetSocketAddress> added = new ArrayList<>();
            for (InetSocketAddress a : current) {
                if (!a.equals(p.listenAddress()) && !p.pexSent.contains(a) && added.size() < 50) {
                    added.add(a);
                }
            }
            List<InetSocketAddress> dropped = new ArrayList<>();
            for (InetSocketAddress a : droppedSincePex) {
                // an address that reconnected within the minute is still current: not dropped
                if (!current.contains(a) && dropped.size() < 50 && p.pexSent.remove(a)) {
                    dropped.add(a);
                }
            }
            if (!added.isEmpty() || !dropped.isEmpty()) {
                p.pexSent.addAll(added);
                send(p, new PeerMessage.Extended(id,
                        new PexMessage(added, Bytes.of(new byte[added.size()]), dropped).encode()));
            }
        }
        droppedSincePex.clear();
    }

    private void dialMore() {
        if (closed || complete && store == null) {
            return;
        }
        long now = host.nanoTime();
        Set<InetSocketAddress> connected = new HashSet<>();
        for (PeerState p : peers.values()) {
            connected.add(p.connection.remoteAddress());
            InetSocketAddress listen = p.listenAddress();
            if (listen != null) {
                connected.add(listen);
            }
        }
        for (InetSocketAddress a : known) {
            if (peers.size() + dialling.size() >= config.maxPeersPerTorrent()
                    || host.totalPeers() + dialling.size() >= config.maxPeersGlobal()) {
                return;
            }
            Long after = retryAfter.get(a);
            if (connected.contains(a) || dialling.contains(a) || banned.contains(a.getAddress())
                    || (after != null && after - now > 0)) {
                continue;
            }
            dialling.add(a);
            host.dial(this, a);
        }
    }

    /**
     * Once a second: rates, snubbing (a peer owing us blocks that sent none for {@code snub-timeout}), the choker
     * every 10 s, PEX every 60 s, web seed retries, dialling, reports.
     */
    public void tick() {
        synchronized (this) {
            if (closed) {
                return;
            }
            ticks++;
            long now = host.nanoTime();
            for (PeerState p : peers.values()) {
                if (p.slowStartDepth > 0 && p.downTick > 0 && ++p.slowStartTicks >= 2) {
                    p.slowStartDepth = 0; // two seconds of data: the rate now says how deep the queue should be
                }
                p.downRate = p.downRate * 0.5 + p.downTick * 0.5;
                p.upRate = p.upRate * 0.5 + p.upTick * 0.5;
                p.downTick = 0;
                p.upTick = 0;
                if (!p.outstanding.isEmpty() && now - p.lastBlockNanos > config.snubTimeout().toNanos()) {
                    // Snubbed: no block for snub-timeout while it owed us some. Its requests go back to the pool
                    // (cancelled, so it need not send them), it gets one request at a time until a block arrives,
                    // and it loses its tit-for-tat slot. A snubbed peer that still sends nothing has its one
                    // request moved elsewhere again after another snub-timeout.
                    p.slowStartDepth = 0;
                    if (!p.snubbed) {
                        p.snubbed = true;
                        host.debug(p.connection + " snubbed us: no block for " + config.snubTimeout());
                    }
                    cancelRequests(p);
                    p.lastBlockNanos = now;
                } else if (p.outstanding.isEmpty()) {
                    p.lastBlockNanos = now;
                }
            }
            if (ticks % CHOKE_INTERVAL_TICKS == 0) {
                rechoke();
            }
            if (ticks % PEX_INTERVAL_TICKS == 0) {
                sendPex();
            }
            if (ticks % 5 == 0) {
                requestMetadataFromAny();
            }
            for (PeerState p : peers.values()) {
                fillRequests(p);
            }
            startWebSeeds();
            dialMore();
        }
        flushPending();
        reportTraffic();
        reportSources();
    }

    private void reportTraffic() {
        long down;
        long up;
        synchronized (this) {
            down = trafficDown;
            up = trafficUp;
            trafficDown = 0;
            trafficUp = 0;
        }
        if (sink != null && (down > 0 || up > 0)) {
            gate.run(() -> sink.traffic(down, up));
        }
    }

    /** Queues {@code message} to {@code peer}; the caller holds the monitor and calls {@link #flushPending()} after. */
    private void send(PeerState peer, PeerMessage message) {
        peer.connection.send(message);
        unflushed.add(peer.connection);
    }

    /** Flushes the connections written to under the monitor; called without holding it (a flush writes the socket). */
    private void flushPending() {
        List<PeerConnection> pending;
        synchronized (this) {
            if (unflushed.isEmpty()) {
                return;
            }
            pending = List.copyOf(unflushed);
            unflushed.clear();
        }
        for (PeerConnection c : pending) {
            c.flush();
        }
    }

    /** Hands the trackers' latest states to the sink (a download's; seeding shares have none). Non-blocking. */
    public void reportTrackers(List<TrackerStatus> trackers) {
        if (sink != null) {
            gate.run(() -> sink.trackers(trackers));
        }
    }

    private void reportSources() {
        if (sink == null) {
            return;
        }
        int connected;
        int knownCount;
        synchronized (this) {
            connected = peers.size();
            knownCount = Math.max(known.size(), connected);
            if (connected == lastConnected && knownCount == lastKnown) {
                return;
            }
            lastConnected = connected;
            lastKnown = knownCount;
        }
        gate.run(() -> sink.sources(new SourceCount(connected, knownCount)));
    }

    private void fail(String reason) {
        if (sink != null) {
            gate.run(() -> sink.failed(reason));
        }
        close();
    }

    // ---------------------------------------------------------------- session control

    /**
     * Caps this torrent's payload rates in bytes per second, 0 = no cap, under the adapter's global limits. Takes
     * effect at once: a lower download cap sends fewer requests from now on (those in flight still arrive), a lifted
     * one fills every peer's queue again.
     */
    public void rateLimits(long downBytesPerSecond, long upBytesPerSecond) {
        if (downBytesPerSecond < 0 || upBytesPerSecond < 0) {
            throw new IllegalArgumentException("rate limits: " + downBytesPerSecond + "/" + upBytesPerSecond
                    + " (expected: both >= 0, 0 = no cap)");
        }
        synchronized (this) {
            downLimit.rate(downBytesPerSecond);
            upLimit.rate(upBytesPerSecond);
            if (closed) {
                return;
            }
            for (PeerState p : peers.values()) {
                fillRequests(p);
            }
        }
        flushPending();
    }

    /** Stops requesting; keeps connections (and serves them). */
    public void pause() {
        synchronized (this) {
            pauseLocked();
        }
        flushPending();
    }

    private void pauseLocked() {
        paused = true;
        for (PeerState p : peers.values()) {
            cancelRequests(p);
            updateInterest(p);
        }
    }

    /** Cancels every request outstanding with {@code peer} on the wire and puts the blocks back in the pool. */
    private void cancelRequests(PeerState peer) {
        for (long key : peer.outstanding) {
            send(peer, new PeerMessage.Cancel(PeerState.piece(key), PeerState.begin(key),
                    Math.min(PeerWire.BLOCK_SIZE, meta.pieceSize(PeerState.piece(key)) - PeerState.begin(key))));
        }
        dropRequests(peer);
    }

    public void resume() {
        synchronized (this) {
            paused = false;
            for (PeerState p : peers.values()) {
                updateInterest(p);
                fillRequests(p);
            }
            startWebSeeds();
        }
        flushPending();
    }

    /** The content is complete (maybe through another network): stop fetching, serve what the store verified. */
    public void completed() {
        synchronized (this) {
            stopFetching = true;
            for (PeerState p : peers.values()) {
                dropRequests(p);
                updateInterest(p);
            }
        }
        flushPending();
        if (store != null && metainfo() != null) {
            loadVerifiedPieces(() -> { });
        }
    }

    /** Closes every connection and stops announcing; no sink or store call follows once this returns. */
    public void close() {
        List<PeerState> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(peers.values());
            for (WebSeed w : webSeeds) {
                if (w.inFlight != null) {
                    w.inFlight.cancel(true);
                }
            }
        }
        boolean idle = gate.close();
        List<PendingPiece> unchecked;
        synchronized (this) {
            inProgress.values().forEach(PieceBuffer::release);
            inProgress.clear();
            owners.clear();
            // only once no gated task runs: a task in progress still uses its buffer (closed from inside one of
            // them, by fail(), the others release their own as they finish)
            unchecked = idle ? List.copyOf(awaitingCheck) : List.of();
        }
        unchecked.forEach(PendingPiece::release);
        reader.close(); // after the gate: no read is in progress and none starts
        for (PeerState p : all) {
            p.connection.close(CloseReason.TORRENT_CLOSED, "torrent closed");
        }
        announcer.stop();
        host.closed(this);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Peers attached now, read without the monitor: the adapter sums it over all torrents from inside another
     * torrent's monitor (connection limits), and taking this one's there would deadlock two torrents doing so at once
     * on two event loops (found by the warm benchmark run).
     */
    public int peerCount() {
        return peerCount;
    }

    /** Snapshot for status lines and tests. */
    public synchronized Status status() {
        int pieces = meta == null ? 0 : meta.pieceCount();
        return new Status(peers.size(), known.size(), have.cardinality(), pieces, complete, banned.size(),
                uploadedTotal, downloadedTotal);
    }

    /** One snapshot per attached peer, in the order they attached. */
    public synchronized List<PeerStatus> peers() {
        List<PeerStatus> out = new ArrayList<>(peers.size());
        for (PeerState p : peers.values()) {
            out.add(new PeerStatus(p.connection.remoteAddress(), p.listenAddress(), p.amChoking, p == optimistic,
                    p.peerInterested, p.amInterested, p.peerChoking, p.snubbed, p.outstanding.size(),
                    (long) p.downRate, (long) p.upRate));
        }
        return out;
    }

    /**
     * What we know of one peer (libtorrent's {@code peer_info}, reduced).
     *
     * @param address    its socket address
     * @param listen     where it accepts connections (what PEX tells others), null when unknown
     * @param choked     we choke it
     * @param optimistic it holds the optimistic unchoke
     * @param interested it is interested in us
     * @param interesting we are interested in it
     * @param chokesUs   it chokes us
     * @param snubbed    it owed us blocks and sent none for the snub timeout
     * @param requests   our requests outstanding with it
     * @param downRate   bytes per second it sends us (smoothed per tick)
     * @param upRate     bytes per second we send it (smoothed per tick)
     */
    public record PeerStatus(InetSocketAddress address, InetSocketAddress listen, boolean choked, boolean optimistic,
                             boolean interested, boolean interesting, boolean chokesUs, boolean snubbed, int requests,
                             long downRate, long upRate) {
    }

    /**
     * A snapshot of the swarm.
     *
     * @param peers  connected peers
     * @param known  addresses known
     * @param have   pieces verified
     * @param pieces pieces in all (0 before metadata)
     * @param banned addresses banned
     * @param uploaded   payload bytes sent to peers since the torrent started (piece messages)
     * @param downloaded payload bytes received from peers since the torrent started, wasted ones included (BEP 3
     *                   counts what came over the wire; a corrupt or duplicate block was still downloaded)
     */
    public record Status(int peers, int known, int have, int pieces, boolean complete, int banned, long uploaded,
                         long downloaded) {
    }
}

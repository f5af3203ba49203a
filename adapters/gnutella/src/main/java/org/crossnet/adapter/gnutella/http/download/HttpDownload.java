package org.crossnet.adapter.gnutella.http.download;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.crossnet.adapter.gnutella.http.Gate;
import org.crossnet.adapter.gnutella.http.HttpSettings;
import org.crossnet.adapter.gnutella.http.HttpSource;
import org.crossnet.adapter.gnutella.http.thex.HashTree;
import org.crossnet.adapter.gnutella.http.thex.ThexDocument;
import org.crossnet.adapter.gnutella.http.thex.TigerTree;
import org.crossnet.adapter.gnutella.http.wire.HttpWireException;
import org.crossnet.adapter.gnutella.http.wire.QueueStatus;
import org.crossnet.adapter.gnutella.http.wire.RequestTarget;
import org.crossnet.adapter.gnutella.http.wire.ResponseHead;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * One Gnutella download: fetches ranges of the content from several sources at once into the transfer's store,
 * checks them against the THEX tree when a source offers one whose root is the content's TTH, and checks the whole
 * file's SHA-1 at the end.
 *
 * <p>Sources come from the request ({@code x.pe} peers), from {@link #addSources} (query hits, routed by the
 * messaging layer) and from X-Alt headers. Up to {@code maxSourcesPerDownload} are connected at once; a firewalled
 * one (or one that cannot be reached) is asked for a PUSH and continues over its GIV connection. A source that fails
 * is retried with exponential back-off; one that breaks the protocol is dropped; one whose data alone makes a TTH
 * node fail is banned. Once the tree is known, runs end and are split on its node boundaries, so that a node's data
 * comes from one source (a node shared by two is fetched again whole).
 *
 * <p>When the whole file does not hash to the SHA-1 and no tree tells which bytes are bad, the pieces written by
 * one suspect (the owner of most unverified bytes not yet suspected) are dropped and fetched again from the others
 * only; if the file then checks out, the suspect is banned, else the next suspect is tried, a few rounds at most.
 *
 * <p>Threading: the bookkeeping is guarded by this object's monitor, held briefly and never during I/O. Connection
 * handlers call in from event loops; store writes, TTH and SHA-1 checks run on the context's blocking executor;
 * a 500 ms tick on an event loop starts connections, times out stalls and PUSHes and reports to the sink. Every call
 * into the store and the sink passes a {@link Gate}, so none happens once {@link #close()} has returned.
 */
public final class HttpDownload implements DownloadSession {
    /** The verification unit kind of a THEX node. */
    public static final String TTH_UNIT = "tth-range";
    /** The verification unit kind of the whole-file SHA-1. */
    public static final String SHA1_UNIT = "sha1";
    private static final long TICK_MILLIS = 500;
    private static final int MAX_FAILURES = 6;
    private static final int MAX_SHA1_ROUNDS = 4;
    private static final int MAX_SOURCES = 512;
    private static final long MIN_NODE_BYTES = HttpSettings.PIECE_SIZE;

    private enum Phase { RUNNING, PAUSED, DONE, FAILED, CLOSED }

    private final Downloads env;
    private final DownloadSink sink;
    private final StoredContent store;
    private final Sha1 sha1;
    private final TigerTreeRoot tth;
    private final long size;
    private final List<String> peers;
    private final Gate gate = new Gate();
    private final List<Source> sources = new ArrayList<>();
    private final Map<InetSocketAddress, Source> byAddress = new HashMap<>();
    private final Set<InetSocketAddress> banned = new HashSet<>();
    private final Set<Integer> suspected = new HashSet<>();
    private final System.Logger log;
    private Swarm swarm;
    private Phase phase = Phase.RUNNING;
    private ScheduledFuture<?> tick;
    private HashTree tree;
    private int treeLevel;
    private boolean treeFetching;
    private int checksInFlight;
    private boolean finalCheck;
    private int rounds;
    private Integer suspect;
    private long unreported;
    private SourceCount reported;

    HttpDownload(Downloads env, DownloadRequest request, DownloadSink sink) {
        if (request.content().sha1() == null) {
            throw GatewayException.invalid("content", request.content(), "a SHA-1 (urn:sha1) to fetch over Gnutella");
        }
        this.env = env;
        this.sink = sink;
        this.store = request.store();
        this.sha1 = request.content().sha1();
        this.tth = request.content().tth();
        this.size = store.size();
        this.peers = request.peers();
        this.log = env.context.logger();
    }

    /** Reads the store's state (blocking), adds the request's peers and starts the tick. */
    void start() {
        if (size <= 0) {
            // TODO(#4): learn an unknown size from a first response (Content-Range total) and call filesResolved.
            gate.run(() -> sink.failed(size == 0 ? "size: 0 (expected: content to fetch)"
                    : "size: unknown (expected: a known size; Gnutella sources are asked for ranges of it)"));
            phase = Phase.FAILED;
            return;
        }
        Swarm s = new Swarm(size, HttpSettings.PIECE_SIZE);
        BitSet written = store.writtenBlocks();
        for (int p = 0; p < s.pieceCount(); p++) {
            long start = s.pieceStart(p);
            long length = s.pieceEnd(p) - start;
            if (store.isVerified(start, length)) {
                s.preset(p, true);
            } else if (allSet(written, start, s.pieceEnd(p))) {
                s.preset(p, false);
            }
        }
        List<HttpSource> initial = new ArrayList<>();
        for (String peer : peers) {
            try {
                PeerAddress a = PeerAddress.parse("peers", peer);
                initial.add(HttpSource.direct(InetSocketAddress.createUnresolved(a.host(), a.port())));
            } catch (GatewayException e) {
                logGated(System.Logger.Level.DEBUG, () -> "download " + sha1 + ": peer skipped: " + e.getMessage());
            }
        }
        synchronized (this) {
            swarm = s;
            addLocked(initial);
        }
        tick = env.loops.next().scheduleAtFixedRate(this::tickSafely, 0, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Adds sources (query hits, alternate locations). Known addresses are updated with PUSH details; banned ones
     * are ignored. Any thread; non-blocking.
     */
    public void addSources(Collection<HttpSource> more) {
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            addLocked(more);
        }
    }

    @Override
    public void pause() {
        List<Source> toClose;
        synchronized (this) {
            if (phase != Phase.RUNNING) {
                return;
            }
            phase = Phase.PAUSED;
            toClose = new ArrayList<>(sources);
        }
        disconnect(toClose, "download paused");
    }

    @Override
    public void resume() {
        synchronized (this) {
            if (phase != Phase.PAUSED) {
                return;
            }
            phase = Phase.RUNNING;
            for (Source s : sources) {
                if (s.usable() && !s.busy()) {
                    s.state = Source.State.WAITING;
                    s.retryAt = 0;
                }
            }
        }
    }

    @Override
    public boolean completed() {
        List<Source> toClose;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return false;
            }
            phase = Phase.DONE;
            toClose = new ArrayList<>(sources);
        }
        disconnect(toClose, "download complete");
        return false;
    }

    @Override
    public void close() {
        List<Source> toClose;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            toClose = new ArrayList<>(sources);
        }
        if (tick != null) {
            tick.cancel(false);
        }
        disconnect(toClose, "download closed");
        env.removed(this);
        gate.close();
    }

    /** Sources known and connected now, for status. */
    public synchronized SourceCount sourceCount() {
        int connected = 0;
        int known = 0;
        for (Source s : sources) {
            if (s.usable()) {
                known++;
                if (s.state == Source.State.CONNECTED) {
                    connected++;
                }
            }
        }
        return new SourceCount(connected, known);
    }

    /**
     * One source as the download sees it.
     *
     * @param state  WAITING, RESOLVING, CONNECTING, PUSHING, CONNECTED, GONE or BANNED
     * @param bytes  payload bytes it delivered
     * @param reason why it was last disconnected, dropped or banned; null if never
     */
    public record SourceReport(InetSocketAddress address, String state, long bytes, String reason) {
    }

    /** Every source known, for status lines and tests. */
    public synchronized List<SourceReport> sources() {
        List<SourceReport> out = new ArrayList<>(sources.size());
        for (Source s : sources) {
            out.add(new SourceReport(s.spec.address(), s.state.name(), s.bytes, s.reason));
        }
        return out;
    }

    /** Addresses banned for bad data, for status and tests. */
    public synchronized Set<InetSocketAddress> bannedSources() {
        return Set.copyOf(banned);
    }

    /** True once the whole file checked out against its SHA-1. */
    public synchronized boolean finished() {
        return phase == Phase.DONE;
    }

    /** A one-line state summary for logs and failing tests. */
    @Override
    public synchronized String toString() {
        return "download " + sha1 + " " + phase + (swarm == null ? "" : ", missing " + swarm.missingBytes()
                + " bytes, runs " + swarm.runs()) + ", tree " + (tree != null ? "held" : treeFetching ? "fetching"
                : "none") + ", checks " + checksInFlight + (finalCheck ? ", sha1 check running" : "") + ", rounds "
                + rounds + ", sources " + sources();
    }

    // ---- called by SourceConnection and Downloads

    Sha1 sha1() {
        return sha1;
    }

    long size() {
        return size;
    }

    HttpSettings settings() {
        return env.settings;
    }

    Executor blockingExecutor() {
        return env.blocking;
    }

    /**
     * The blocking executor for a connection's serial writer: refuses new work once the download is closed, but runs
     * what it accepted even after, because that work releases buffers (its store calls are gated themselves).
     */
    Executor gatedExecutor() {
        Executor blocking = blockingExecutor();
        return task -> {
            boolean accepted = gate.call(() -> {
                try {
                    blocking.execute(task);
                    return Boolean.TRUE;
                } catch (RejectedExecutionException e) {
                    return Boolean.FALSE;
                }
            }, Boolean.FALSE);
            if (!accepted) {
                throw new RejectedExecutionException("download: closed");
            }
        };
    }

    long now() {
        return System.nanoTime() / 1_000_000;
    }

    synchronized boolean connected(Source s, SourceConnection c) {
        if (phase != Phase.RUNNING || !s.usable()) {
            s.pendingChannel = null;
            if (s.state == Source.State.CONNECTING) {
                s.state = Source.State.WAITING;
            }
            return false;
        }
        s.state = Source.State.CONNECTED;
        s.connection = c;
        s.pendingChannel = null;
        return true;
    }

    synchronized Swarm.Run claim(Source s) {
        if (phase != Phase.RUNNING || s.state != Source.State.CONNECTED) {
            return null;
        }
        int active = 0;
        for (Source o : sources) {
            if (o.state == Source.State.CONNECTED) {
                active++;
            }
        }
        return swarm.claim(s.id, env.settings.requestBytes(), active,
                (offset, length) -> gate.call(() -> store.isVerified(offset, length), Boolean.FALSE));
    }

    /**
     * The THEX path to ask {@code s} for before more data, or null. Asked of one source at a time once the content's
     * TTH is known and the source has answered a first range (its first request is always data: a servent that
     * hashes its tree on demand would otherwise hold that connection idle). The path is the one its X-Thex-URI gave,
     * else the one gtk-gnutella and LimeWire serve trees at (a 404 costs one round trip). With the tree, each range is
     * checked as it completes rather than only the whole file at the end.
     */
    synchronized String wantTree(Source s) {
        if (phase != Phase.RUNNING || tth == null || tree != null || treeFetching || s.thexRefused || !s.answered) {
            return null;
        }
        treeFetching = true;
        return s.thex != null ? s.thex.path() : new RequestTarget.Tree(sha1).uri();
    }

    synchronized long accept(Swarm.Run run, long bytes) {
        return swarm.accept(run, bytes);
    }

    synchronized void shorten(Swarm.Run run, long end) {
        swarm.shorten(run, end);
    }

    synchronized List<InetSocketAddress> alternatesFor(Source target) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Source s : sources) {
            if (s != target && s.bytes > 0 && s.usable() && s.address != null && !s.spec.firewalled()) {
                out.add(s.address);
                if (out.size() == 10) {
                    break;
                }
            }
        }
        return out;
    }

    /** A response head's hints: the THEX location and alternate sources. */
    void learned(Source s, ResponseHead head) {
        synchronized (this) {
            s.answered = true;
            if (head.thexUri() != null && tth != null && s.thex == null && !s.thexRefused) {
                if (head.thexUri().root().equals(tth)) {
                    s.thex = head.thexUri();
                } else {
                    s.thexRefused = true;
                    logGated(System.Logger.Level.DEBUG, () -> s + ": X-Thex-URI root " + head.thexUri().root()
                            + " (expected: " + tth + ")");
                }
            }
            if (!head.alternates().isEmpty()) {
                List<HttpSource> more = new ArrayList<>();
                for (InetSocketAddress a : head.alternates()) {
                    more.add(HttpSource.direct(a));
                }
                addLocked(more);
            }
        }
        env.mesh.learn(sha1, head.alternates());
    }

    void queued(Source s, QueueStatus queue) {
        logGated(System.Logger.Level.DEBUG, () -> s + ": queued at " + queue.position() + "/" + queue.length());
    }

    /** On the connection's serial executor: writes one slice through the store. */
    void write(Source s, Swarm.Run run, long offset, ByteBuf data) {
        boolean ok = gate.call(() -> {
            long at = offset;
            for (ByteBuffer b : data.nioBuffers()) {
                int n = b.remaining();
                store.write(at, b);
                at += n;
            }
            return Boolean.TRUE;
        }, Boolean.FALSE);
        if (ok) {
            long n = data.readableBytes();
            env.bytesReceived.addAndGet(n);
            boolean first;
            synchronized (this) {
                first = s.bytes == 0;
                s.bytes += n;
                s.failures = 0;
                unreported += n;
            }
            if (first && s.address != null && !s.spec.firewalled()) {
                // A source that serves us is an alternate location worth telling other downloaders about.
                env.mesh.learn(sha1, List.of(s.address));
            }
        }
    }

    /** On the connection's serial executor, after the write up to {@code upTo}. */
    void written(Swarm.Run run, long upTo) {
        List<Integer> nodes;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            List<Integer> done = swarm.written(run, upTo);
            nodes = done.isEmpty() || tree == null ? List.of() : swarm.readyNodes(done);
            checksInFlight += nodes.size();
        }
        for (int n : nodes) {
            checkNode(n);
        }
        maybeFinish();
    }

    /** On the connection's serial executor: the run is over; what it did not write is missing again. */
    void runEnded(Swarm.Run run) {
        synchronized (this) {
            swarm.release(run);
        }
        wakeIdle();
        maybeFinish();
    }

    void faulted(Source s, String reason) {
        synchronized (this) {
            if (s.state == Source.State.BANNED) {
                return;
            }
            s.state = Source.State.GONE;
            s.reason = reason;
        }
        logGated(System.Logger.Level.DEBUG, () -> s + " dropped: " + reason);
    }

    /** On the connection's serial executor, after its last write. */
    void connectionEnded(Source s, SourceConnection c, Swarm.Run open, String reason, boolean delivered,
                         long retryHint) {
        synchronized (this) {
            if (open != null) {
                swarm.release(open);
            }
            if (s.connection == c) {
                s.connection = null;
            }
            if (s.state == Source.State.CONNECTED) {
                retryLater(s, reason, delivered, retryHint);
            }
        }
        wakeIdle();
    }

    /** Called by {@link Downloads#onGiv} on the GIV channel's event loop. */
    boolean attachPushed(Source s, Channel channel) {
        synchronized (this) {
            if (phase != Phase.RUNNING || s.state != Source.State.PUSHING) {
                return false;
            }
            s.state = Source.State.CONNECTING;
        }
        env.installClient(channel, new SourceConnection(this, s));
        return true;
    }

    void treeFetched(Source s, byte[] body) {
        if (!gate.execute(blockingExecutor(), () -> readTree(s, body))) {
            synchronized (this) {
                treeFetching = false;
            }
        }
    }

    /** The connection asking for the tree ended before the answer: another source may be asked. */
    void treeAbandoned() {
        synchronized (this) {
            treeFetching = false;
        }
        maybeFinish();
    }

    void treeRefused(Source s, String reason) {
        synchronized (this) {
            treeFetching = false;
            s.thexRefused = true;
        }
        logGated(System.Logger.Level.DEBUG, () -> s + ": " + reason);
        wakeIdle();
        maybeFinish();
    }

    // ---- internals

    /** Logs unless closed: the logger belongs to the context too. */
    private void logGated(System.Logger.Level level, Supplier<String> message) {
        gate.run(() -> log.log(level, message));
    }

    private void logGated(System.Logger.Level level, String message, Throwable error) {
        gate.run(() -> log.log(level, message, error));
    }

    private void logGated(System.Logger.Level level, String message) {
        gate.run(() -> log.log(level, message));
    }

    private void addLocked(Collection<HttpSource> more) {
        for (HttpSource spec : more) {
            InetSocketAddress key = spec.address();
            if (banned.contains(key)) {
                continue;
            }
            Source known = byAddress.get(key);
            if (known != null) {
                if (spec.pushable() && !known.spec.pushable()) {
                    known.spec = spec;
                }
                continue;
            }
            if (sources.size() >= MAX_SOURCES) {
                return;
            }
            Source s = new Source(sources.size(), spec);
            sources.add(s);
            byAddress.put(key, s);
        }
    }

    private void retryLater(Source s, String reason, boolean delivered, long retryHint) {
        s.reason = reason;
        if (phase != Phase.RUNNING) {
            s.state = Source.State.WAITING;
            return;
        }
        if (retryHint >= 0) {
            s.state = Source.State.WAITING;
            s.retryAt = now() + retryHint;
            return;
        }
        if (!delivered) {
            s.failures++;
        }
        if (s.failures >= MAX_FAILURES) {
            s.state = Source.State.GONE;
            return;
        }
        s.state = Source.State.WAITING;
        // An unreachable source that can be pushed is pushed at once: it is most likely firewalled.
        boolean pushNext = !delivered && s.spec.pushable() && !s.pushTried;
        s.retryAt = now() + (delivered || pushNext ? 0 : Math.min(600_000L, 2_000L << Math.min(s.failures, 10)));
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            logGated(System.Logger.Level.WARNING, "download " + sha1 + ": tick failed", e);
        }
    }

    private void tick() {
        List<Runnable> actions = new ArrayList<>();
        long delta;
        SourceCount count = null;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            long now = now();
            for (Source s : sources) {
                if (s.state == Source.State.PUSHING && now > s.pushDeadline) {
                    env.cancelGiv(this, s);
                    retryLater(s, "push: no GIV within " + env.settings.pushTimeout(), false, -1);
                } else if (s.state == Source.State.CONNECTED && s.connection != null
                        && s.connection.stalled(now, env.settings.responseTimeout().toMillis())) {
                    SourceConnection c = s.connection;
                    actions.add(() -> c.close("stalled: nothing for " + env.settings.responseTimeout()));
                }
            }
            if (phase == Phase.RUNNING) {
                startSources(now, actions);
                for (Source s : sources) {
                    if (s.state == Source.State.CONNECTED && s.connection != null && s.connection.idle()
                            && wantsWorkLocked(s)) {
                        actions.add(s.connection::wake);
                    }
                }
            }
            delta = unreported;
            unreported = 0;
            SourceCount now2 = sourceCountLocked();
            if (!now2.equals(reported)) {
                reported = now2;
                count = now2;
            }
        }
        actions.forEach(Runnable::run);
        SourceCount report = count;
        gate.run(() -> {
            if (delta > 0) {
                sink.traffic(delta, 0);
            }
            if (report != null) {
                sink.sources(report);
            }
        });
        maybeFinish();
    }

    private SourceCount sourceCountLocked() {
        int connected = 0;
        int known = 0;
        for (Source s : sources) {
            if (s.usable()) {
                known++;
                if (s.state == Source.State.CONNECTED) {
                    connected++;
                }
            }
        }
        return new SourceCount(connected, known);
    }

    private void startSources(long now, List<Runnable> actions) {
        int busy = 0;
        for (Source s : sources) {
            if (s.busy()) {
                busy++;
            }
        }
        for (Source s : sources) {
            if (busy >= env.settings.maxSourcesPerDownload()) {
                return;
            }
            if (s.state != Source.State.WAITING || s.retryAt > now) {
                continue;
            }
            busy++;
            if (s.spec.firewalled() || (s.failures > 0 && s.spec.pushable() && !s.pushTried)) {
                requestPush(s, now, actions);
            } else if (s.address == null) {
                s.state = Source.State.RESOLVING;
                actions.add(() -> resolve(s));
            } else {
                s.state = Source.State.CONNECTING;
                actions.add(() -> connect(s));
            }
        }
    }

    /** Under the monitor: registers the wait for the GIV; the PUSH itself goes out with the tick's actions. */
    private void requestPush(Source s, long now, List<Runnable> actions) {
        s.state = Source.State.PUSHING;
        s.pushTried = true;
        s.pushDeadline = now + env.settings.pushTimeout().toMillis();
        env.expectGiv(s.spec.servent(), s.spec.fileIndex(), this, s);
        actions.add(() -> {
            // The messaging layer's code: never called while holding this download's monitor.
            if (!env.pushes.requestPush(s.spec.servent(), s.spec.fileIndex())) {
                env.cancelGiv(this, s);
                synchronized (this) {
                    if (s.state == Source.State.PUSHING) {
                        s.state = Source.State.GONE;
                        s.reason = "push: no route to servent " + s.spec.servent();
                    }
                }
            }
        });
    }

    private void resolve(Source s) {
        boolean started = gate.execute(blockingExecutor(), () -> {
            InetSocketAddress unresolved = s.spec.address();
            // Blocking name service lookup: this is why it runs here and not on an event loop.
            InetSocketAddress resolved = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
            synchronized (this) {
                if (s.state != Source.State.RESOLVING) {
                    return;
                }
                if (resolved.isUnresolved()) {
                    s.state = Source.State.GONE;
                    s.reason = "host: " + unresolved.getHostString() + " (expected: a resolvable name)";
                    return;
                }
                s.address = resolved;
                s.state = Source.State.CONNECTING;
            }
            connect(s);
        });
        if (!started) {
            synchronized (this) {
                s.state = Source.State.WAITING;
            }
        }
    }

    private void connect(Source s) {
        InetSocketAddress address;
        synchronized (this) {
            if (phase != Phase.RUNNING || s.state != Source.State.CONNECTING) {
                if (s.state == Source.State.CONNECTING) {
                    s.state = Source.State.WAITING;
                }
                return;
            }
            address = s.address;
        }
        ChannelFuture future = gate.call(() -> env.connect(address, new SourceConnection(this, s)), null);
        if (future == null) {
            return;
        }
        synchronized (this) {
            s.pendingChannel = future.channel();
        }
        future.addListener(f -> {
            if (f.isSuccess()) {
                return;
            }
            synchronized (this) {
                s.pendingChannel = null;
                if (s.state == Source.State.CONNECTING) {
                    retryLater(s, "connect: " + f.cause(), false, -1);
                }
            }
        });
    }

    private void disconnect(List<Source> list, String reason) {
        for (Source s : list) {
            SourceConnection c;
            Channel pending;
            synchronized (this) {
                c = s.connection;
                pending = s.pendingChannel;
                if (s.state == Source.State.PUSHING) {
                    env.cancelGiv(this, s);
                    s.state = Source.State.WAITING;
                }
            }
            if (c != null) {
                c.close(reason);
            }
            if (pending != null) {
                pending.close();
            }
        }
    }

    private void wakeIdle() {
        List<SourceConnection> idle = new ArrayList<>();
        synchronized (this) {
            if (phase != Phase.RUNNING) {
                return;
            }
            for (Source s : sources) {
                if (s.state == Source.State.CONNECTED && s.connection != null && s.connection.idle()
                        && wantsWorkLocked(s)) {
                    idle.add(s.connection);
                }
            }
        }
        idle.forEach(SourceConnection::wake);
    }

    private void readTree(Source s, byte[] body) {
        List<Integer> nodes;
        try {
            HashTree parsed = ThexDocument.decode(body, size, tth);
            synchronized (this) {
                treeFetching = false;
                if (tree != null || phase == Phase.CLOSED) {
                    return;
                }
                tree = parsed;
                treeLevel = verificationLevel(parsed);
                swarm.nodes(HashTree.nodeSize(size, treeLevel));
                nodes = swarm.readyNodes(null);
                checksInFlight += nodes.size();
            }
        } catch (HttpWireException e) {
            treeRefused(s, e.getMessage());
            return;
        }
        logGated(System.Logger.Level.DEBUG, () -> "download " + sha1 + ": THEX tree of depth " + tree.depth()
                + " from " + s + ", checking " + HashTree.nodeSize(size, treeLevel) + "-byte ranges");
        for (int n : nodes) {
            checkNode(n);
        }
        maybeFinish();
    }

    /** The deepest level whose nodes are at least a piece: smaller ones would only be checked piece by piece. */
    private int verificationLevel(HashTree t) {
        int level = t.depth();
        while (level > 0 && HashTree.nodeSize(size, level) < MIN_NODE_BYTES) {
            level--;
        }
        return level;
    }

    private void checkNode(int node) {
        if (!gate.execute(blockingExecutor(), () -> verifyNode(node))) {
            synchronized (this) {
                checksInFlight--;
            }
        }
    }

    /** On the blocking executor: reads the node's range back from the store and compares its tree hash. */
    private void verifyNode(int node) {
        long start;
        long end;
        HashTree t;
        int level;
        synchronized (this) {
            start = swarm.nodeStart(node);
            end = swarm.nodeEnd(node);
            t = tree;
            level = treeLevel;
        }
        try {
            TigerTree.Hasher hasher = new TigerTree.Hasher();
            if (!readInto(start, end, hasher::update)) {
                return;
            }
            VerificationUnit unit = new VerificationUnit(env.network, TTH_UNIT, node, start, end - start);
            if (t.matches(level, node, hasher.finish())) {
                reportUnreportedTraffic();
                store.markVerified(unit);
                synchronized (this) {
                    swarm.nodeOk(node);
                }
                return;
            }
            store.markCorrupt(unit);
            List<Source> toBan = new ArrayList<>();
            synchronized (this) {
                Set<Integer> owners = swarm.nodeBad(node);
                owners.remove(Swarm.UNKNOWN_OWNER);
                // Alone in a bad node a source is guilty. A node shared by two sources (from runs cut before the
                // tree was known) proves nothing; it is fetched again whole, from one source, which settles it.
                if (owners.size() == 1) {
                    toBan.add(sources.get(owners.iterator().next()));
                }
            }
            for (Source s : toBan) {
                ban(s, "data of bytes " + start + "-" + (end - 1) + " failed the TTH check");
            }
            wakeIdle();
        } catch (GatewayException e) {
            logGated(System.Logger.Level.WARNING, "download " + sha1 + ": storage refused a TTH check: "
                    + e.getMessage());
        } finally {
            synchronized (this) {
                checksInFlight--;
            }
            maybeFinish();
        }
    }

    private void ban(Source s, String reason) {
        SourceConnection c;
        synchronized (this) {
            if (s.state == Source.State.BANNED) {
                return;
            }
            s.state = Source.State.BANNED;
            s.reason = reason;
            banned.add(s.spec.address());
            c = s.connection;
        }
        if (s.address != null) {
            env.mesh.forget(sha1, s.address);
        }
        logGated(System.Logger.Level.DEBUG, () -> s + " banned: " + reason);
        if (c != null) {
            c.close("banned: " + reason);
        }
    }

    /** True when {@code s} could be given something to do: pieces, or the tree. */
    private boolean wantsWorkLocked(Source s) {
        return swarm.hasWorkFor(s.id) || treeCandidate(s);
    }

    private boolean treeCandidate(Source s) {
        return tth != null && tree == null && !treeFetching && s.answered && !s.thexRefused
                && s.state == Source.State.CONNECTED;
    }

    private void maybeFinish() {
        SourceConnection askForTree = null;
        synchronized (this) {
            // While a tree is on its way, or a connected source may still have one, wait for it: it tells which
            // ranges are bad, the SHA-1 only that one is.
            if (phase != Phase.RUNNING || finalCheck || checksInFlight > 0 || treeFetching || swarm == null
                    || !swarm.complete() || swarm.checking()) {
                return;
            }
            for (Source s : sources) {
                if (treeCandidate(s) && s.connection != null) {
                    askForTree = s.connection;
                    break;
                }
            }
            if (askForTree == null) {
                finalCheck = true;
            }
        }
        if (askForTree != null) {
            askForTree.wake();
            return;
        }
        if (!gate.execute(blockingExecutor(), this::checkSha1)) {
            synchronized (this) {
                finalCheck = false;
            }
        }
    }

    /** On the blocking executor: hashes the whole content as stored. */
    private void checkSha1() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1: missing from the JDK (expected: always present)", e);
        }
        boolean read;
        try {
            read = readInto(0, size, digest::update);
        } catch (GatewayException e) {
            logGated(System.Logger.Level.WARNING, "download " + sha1 + ": cannot read back: " + e.getMessage());
            synchronized (this) {
                finalCheck = false;
            }
            return;
        }
        if (!read) {
            return;
        }
        Sha1 actual = new Sha1(Bytes.of(digest.digest()));
        if (actual.equals(sha1)) {
            succeeded();
        } else {
            mismatched(actual);
        }
    }

    private void succeeded() {
        // The bytes' traffic before their verification: whoever sees the content verified sees what it cost.
        reportUnreportedTraffic();
        boolean marked = gate.call(() -> {
            store.markVerified(new VerificationUnit(env.network, SHA1_UNIT, 0, 0, size));
            return Boolean.TRUE;
        }, Boolean.FALSE);
        Source guilty = null;
        List<Source> toClose;
        synchronized (this) {
            finalCheck = false;
            if (!marked || phase != Phase.RUNNING) {
                return;
            }
            phase = Phase.DONE;
            if (suspect != null && suspect != Swarm.UNKNOWN_OWNER) {
                guilty = sources.get(suspect);
            }
            toClose = new ArrayList<>(sources);
        }
        if (guilty != null) {
            // Its pieces were replaced by the others' and the file checked out: its data was the bad data.
            ban(guilty, "its data made the SHA-1 check fail");
        }
        disconnect(toClose, "download complete");
        reportUnreportedTraffic();
        gate.run(() -> sink.sources(new SourceCount(0, sourceCount().known())));
    }

    private void reportUnreportedTraffic() {
        long delta;
        synchronized (this) {
            delta = unreported;
            unreported = 0;
        }
        if (delta > 0) {
            gate.run(() -> sink.traffic(delta, 0));
        }
    }

    private void mismatched(Sha1 actual) {
        List<Integer> dropped;
        String failure = null;
        synchronized (this) {
            finalCheck = false;
            if (phase != Phase.RUNNING) {
                return;
            }
            if (tree != null && swarm.allNodesOk()) {
                failure = "sha1: " + actual + " for content matching its TTH tree (expected: " + sha1
                        + "; the hashes describe different content)";
            } else {
                if (suspect != null) {
                    suspected.add(suspect);
                    swarm.pardon(suspect);
                }
                Integer next = null;
                long most = -1;
                for (Map.Entry<Integer, Long> e : swarm.unverifiedByOwner().entrySet()) {
                    if (!suspected.contains(e.getKey()) && e.getValue() > most) {
                        next = e.getKey();
                        most = e.getValue();
                    }
                }
                if (next == null || ++rounds > MAX_SHA1_ROUNDS) {
                    failure = "sha1: " + actual + " (expected: " + sha1 + ") after " + (rounds - 1)
                            + " rounds of fetching suspect data again";
                }
                suspect = next;
            }
            if (failure != null) {
                phase = Phase.FAILED;
                dropped = List.of();
            } else {
                dropped = swarm.discard(suspect);
            }
        }
        if (failure != null) {
            String reason = failure;
            logGated(System.Logger.Level.DEBUG, () -> "download " + sha1 + " failed: " + reason);
            gate.run(() -> sink.failed(reason));
            disconnect(new ArrayList<>(sources), "download failed");
            return;
        }
        logGated(System.Logger.Level.DEBUG, () -> "download " + sha1 + ": SHA-1 mismatch, fetching " + dropped.size()
                + " pieces of suspect " + suspect + " again from other sources");
        for (int p : dropped) {
            long start = (long) p * HttpSettings.PIECE_SIZE;
            long length = Math.min(size, start + HttpSettings.PIECE_SIZE) - start;
            gate.run(() -> store.markCorrupt(new VerificationUnit(env.network, SHA1_UNIT, 0, start,
                    length)));
        }
        wakeIdle();
    }

    /** Reads {@code [start, end)} from the store in 1 MiB steps into {@code sink}; false when closed meanwhile. */
    private boolean readInto(long start, long end, Consumer<ByteBuffer> consumer) {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(1, end - start)));
        long at = start;
        while (at < end) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), end - at));
            long from = at;
            Integer n = gate.call(() -> store.read(from, buffer), null);
            if (n == null) {
                return false;
            }
            if (n <= 0) {
                // An unwritten tail reads short: hash zeros for it, so the check fails and the suspects are tried.
                buffer.position(buffer.limit());
                Arrays.fill(buffer.array(), 0, buffer.limit(), (byte) 0);
                n = buffer.limit();
            }
            buffer.flip();
            consumer.accept(buffer);
            at += n;
        }
        return true;
    }

    private static boolean allSet(BitSet blocks, long start, long end) {
        int first = (int) (start / StoredContent.BLOCK_SIZE);
        int last = (int) ((end - 1) / StoredContent.BLOCK_SIZE);
        return blocks.nextClearBit(first) > last;
    }
}

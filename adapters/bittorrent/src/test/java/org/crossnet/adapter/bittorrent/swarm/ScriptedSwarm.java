package org.crossnet.adapter.bittorrent.swarm;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.session.PeerConnection;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.NetworkId;

/**
 * A torrent's host for swarm tests without an adapter: time is a counter the test advances, timers fire when it
 * passes them, blocking work runs on the calling thread, dials are recorded (and fail), and {@link #tick} does what
 * the adapter's one-second ticker does. Everything runs on the test thread, alongside {@link ScriptedPeer}s.
 */
final class ScriptedSwarm implements TorrentHost, PeerConnection.Directory {
    static final Bytes OUR_ID = Bytes.of("-CN0010-ourpeerid000".getBytes());

    private final BitTorrentConfig config;
    private long now = 1_000_000_000_000L;
    private final List<Timer> timers = new ArrayList<>();
    final List<InetSocketAddress> dials = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<ScriptedPeer> peers = new ArrayList<>();
    Torrent torrent;

    private record Timer(long due, Runnable task) {
    }

    ScriptedSwarm(BitTorrentConfig config) {
        this.config = config;
    }

    /** Closes the torrent and hangs up every scripted peer, releasing their buffers. */
    void close() {
        if (torrent != null) {
            torrent.close();
        }
        peers.forEach(ScriptedPeer::hangUp);
    }

    /** Advances time by one second, fires due timers and ticks the torrent, {@code n} times. */
    void tick(int n) {
        for (int i = 0; i < n; i++) {
            advance(Duration.ofSeconds(1));
            torrent.tick();
        }
    }

    /** Advances time, firing the timers that come due. */
    void advance(Duration d) {
        now += d.toNanos();
        List<Timer> due = new ArrayList<>();
        for (Iterator<Timer> it = timers.iterator(); it.hasNext(); ) {
            Timer t = it.next();
            if (t.due - now <= 0) {
                due.add(t);
                it.remove();
            }
        }
        due.forEach(t -> t.task.run());
    }

    @Override
    public Torrent find(InfoHash infoHash) {
        return torrent != null && torrent.infoHash().equals(infoHash) ? torrent : null;
    }

    @Override
    public Bytes peerId() {
        return OUR_ID;
    }

    @Override
    public int maxFrameLength() {
        return config.maxFrameLength();
    }

    @Override
    public long handshakeTimeoutMillis() {
        return 10_000;
    }

    @Override
    public BitTorrentConfig config() {
        return config;
    }

    @Override
    public NetworkId network() {
        return new NetworkId("bittorrent");
    }

    @Override
    public int listenPort() {
        return 6881;
    }

    @Override
    public void dial(Torrent t, InetSocketAddress address) {
        dials.add(address);
        t.dialFailed(address);
    }

    @Override
    public int totalPeers() {
        return torrent == null ? 0 : torrent.status().peers();
    }

    @Override
    public Executor blocking() {
        return Runnable::run;
    }

    @Override
    public void debug(String message) {
        log.add(message);
    }

    @Override
    public void notice(String message) {
        log.add(message);
    }

    @Override
    public boolean isSelf(InetSocketAddress address) {
        return false;
    }

    @Override
    public org.crossnet.adapter.bittorrent.webseed.WebSeedClient webSeedClient() {
        return null;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        timers.add(new Timer(now + delayNanos, task));
    }

    @Override
    public void closed(Torrent t) {
    }
}

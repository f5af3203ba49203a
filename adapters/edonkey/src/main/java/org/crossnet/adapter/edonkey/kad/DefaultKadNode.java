package org.crossnet.adapter.edonkey.kad;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;
import org.crossnet.adapter.edonkey.kad.codec.KadMessage;
import org.crossnet.adapter.edonkey.kad.codec.KadOpcodes;
import org.crossnet.adapter.edonkey.kad.codec.KadPacketDecoder;
import org.crossnet.adapter.edonkey.kad.codec.KadPacketEncoder;
import org.crossnet.adapter.edonkey.kad.codec.KadTags;
import org.crossnet.adapter.edonkey.kad.codec.SearchExpression;
import org.crossnet.adapter.edonkey.kad.index.KadIndex;
import org.crossnet.adapter.edonkey.kad.routing.KadContact;
import org.crossnet.adapter.edonkey.kad.routing.NodesDat;
import org.crossnet.adapter.edonkey.kad.routing.RoutingTable;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;

/**
 * The Kad2 node. All state lives on the {@link KadScheduler}'s thread; public methods hop onto it. Behaviour follows
 * aMule 2.3.3's {@code CKademliaUDPListener}, {@code CSearch} and {@code CIndexed}, with these choices:
 * <ul>
 *   <li>We advertise Kad version {@link KadSettings#DEFAULT_VERSION 5} and send plain packets; peers then never
 *       obfuscate towards us. Obfuscated packets (no 0xE4/0xE5 first byte) are dropped.</li>
 *   <li>Responses are accepted only from endpoints we sent the matching request to within 3 minutes.</li>
 *   <li>A contact is verified when it answers a request at its address: a HELLO_RES, or a KADEMLIA2_RES to the random
 *       "legacy challenge" target we send to nodes that greet us (aMule verifies version &lt; 7 nodes so too).</li>
 *   <li>Searches and publishes run a full lookup first, then address the closest answering nodes within Kad's search
 *       tolerance (the top 32 bits of the distance at most 2^24; LAN addresses exempt), as the storing nodes
 *       accept nothing else.</li>
 *   <li>We count as open (not firewalled) after two nodes we asked for a check confirmed a TCP connect-back, by
 *       KADEMLIA_FIREWALLED_ACK_RES or by the TCP side's OP_KAD_FWTCPCHECK_ACK ({@link #onFirewallCheckAck}); we
 *       publish ourselves as a source only then. Others' checks are answered with FIREWALLED_RES, then a TCP probe
 *       and, when it connects, FIREWALLED_ACK_RES.</li>
 * </ul>
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/net/KademliaUDPListener.cpp">aMule
 *      KademliaUDPListener.cpp</a>
 */
public final class DefaultKadNode implements KadNode {
    private static final System.Logger LOG = System.getLogger(DefaultKadNode.class.getName());
    /** aMule's SEARCHTOLERANCE: stores and searches farther than this (top 32 bits of the distance) are refused. */
    static final long SEARCH_TOLERANCE = 16_777_216L;
    private static final long TRACK_WINDOW = 180_000;
    private static final long HELLO_REPEAT = 600_000;
    private static final long FIREWALL_ROUND = 180_000;
    private static final long FIREWALL_ANSWER_REPEAT = 60_000;
    private static final int FIREWALL_CHECKS = 4;
    private static final int BOOTSTRAP_CONTACTS = 20;
    private static final int RESULTS_PER_PACKET = 50;
    private static final int FILES_PER_PUBLISH_PACKET = 50;
    private static final int MAX_FILES_PER_KEYWORD = 150;
    private static final int MAX_CONCURRENT_STORES = 3;
    private static final int MAX_SEARCH_RESULTS = 300;

    /** Counters for diagnostics and tests. */
    public record Stats(long received, long dropped, String lastDropReason) {
    }

    private final KadSettings settings;
    private final KadScheduler scheduler;
    private final KadTransport transport;
    private final KadTcpProbe probe;
    private final Random random;
    private final ByteBufAllocator alloc;
    private final KadPacketDecoder decoder = KadPacketDecoder.standard();
    private final KadPacketEncoder encoder = KadPacketEncoder.packing();

    private final RoutingTable table;
    private final KadIndex index;
    private final Map<String, Long> expected = new HashMap<>();
    private final RequestLimiter inbound = new RequestLimiter();
    private final RequestLimiter outbound = new RequestLimiter();
    private final Map<InetSocketAddress, Challenge> challenges = new HashMap<>();
    private final Map<InetSocketAddress, Long> hellos = new HashMap<>();
    private final Set<InetSocketAddress> bootstrapAddresses = new LinkedHashSet<>();
    private final List<Lookup> lookups = new ArrayList<>();
    private final List<Job> jobs = new ArrayList<>();
    private final Map<Ed2kHash, KadSharedFile> shared = new LinkedHashMap<>();
    private final Map<String, Long> keywordDue = new LinkedHashMap<>();
    private final Map<Ed2kHash, Long> sourceDue = new LinkedHashMap<>();
    private final Set<KadId> storing = new HashSet<>();
    private final Map<String, Long> firewallAsked = new HashMap<>();
    private final Set<String> firewallConfirmed = new HashSet<>();
    private final Map<Inet4Address, Integer> externalVotes = new HashMap<>();
    private final Map<String, Long> firewallAnswered = new HashMap<>();
    private boolean firewalled = true;
    private long firewallRoundStart = -1;
    private boolean firewallRoundOpen;
    private long nextRefresh;
    private boolean bootstrapped;
    private long refreshBackoff;
    private boolean selfLookupRunning;
    private boolean started;
    private volatile boolean closed;
    private volatile KadStatus status;
    private KadScheduler.Cancellable maintenanceTimer;
    private KadScheduler.Cancellable publishTimer;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastDrop = "";

    private record Challenge(KadId target, KadId contact, long until) {
    }

    /**
     * @param transport where datagrams go
     * @param probe     TCP connect-back for others' firewall checks
     * @param random    ids of random lookups and challenges
     */
    public DefaultKadNode(KadSettings settings, KadScheduler scheduler, KadTransport transport, KadTcpProbe probe,
                          Random random, ByteBufAllocator alloc) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.transport = transport;
        this.probe = probe;
        this.random = random;
        this.alloc = alloc;
        this.table = new RoutingTable(settings.id());
        this.index = new KadIndex(settings.index());
        updateStatus();
    }

    // ------------------------------------------------------------------ public API (any thread)

    @Override
    public void start() {
        onThread(() -> {
            if (started || closed) {
                return;
            }
            started = true;
            long maintenance = settings.maintenanceInterval().toMillis();
            maintenanceTimer = repeat(this::maintenance, maintenance);
            publishTimer = repeat(this::publishTick, settings.publishTick().toMillis());
            nextRefresh = scheduler.now() + maintenance;
            connect();
        });
    }

    @Override
    public void onDatagram(InetSocketAddress sender, ByteBuf packet) {
        if (closed) {
            return;
        }
        received.incrementAndGet();
        if (!(sender.getAddress() instanceof Inet4Address)) {
            drop(sender, "sender: " + sender + " (expected: an IPv4 address; Kad2 is IPv4 only)");
            return;
        }
        KadMessage message;
        // decode a copy: the caller keeps its buffer with indices untouched, and nothing refers to it afterwards
        ByteBuf copy = Unpooled.wrappedBuffer(ByteBufUtil.getBytes(packet));
        try {
            message = decoder.decode(copy);
        } catch (Ed2kWireException e) {
            drop(sender, e.getMessage());
            return;
        } finally {
            copy.release();
        }
        onThread(() -> {
            if (!closed) {
                handle(sender, message);
                updateStatus();
            }
        });
    }

    @Override
    public void onFirewallCheckAck(InetAddress from) {
        onThread(() -> {
            if (from instanceof Inet4Address ip) {
                // the TCP side knows only the address: on loopback (several of our nodes) the first asked one counts
                String who = who(ip, 0);
                for (String asked : firewallAsked.keySet()) {
                    if (asked.startsWith(who + ":") && !firewallConfirmed.contains(asked)) {
                        who = asked;
                        break;
                    }
                }
                firewallConfirmation(who, "OP_KAD_FWTCPCHECK_ACK");
            }
        });
    }

    @Override
    public void bootstrap(InetSocketAddress node) {
        onThread(() -> {
            bootstrapAddresses.add(node);
            if (started) {
                sendBootstrap(node);
            }
        });
    }

    @Override
    public void addContacts(NodesDat nodes) {
        onThread(() -> {
            long now = scheduler.now();
            for (NodesDat.Node n : nodes.nodes()) {
                KadContactEntry c = n.contact();
                if (nodes.bootstrapOnly()) {
                    bootstrapAddresses.add(c.udpEndpoint());
                } else if (c.version() != 1) {
                    // version 0 (a version 0 file) is unknown: greeting it tells us
                    table.add(c, n.verified(), false, now);
                }
            }
            if (started) {
                connect();
            }
            updateStatus();
        });
    }

    @Override
    public NodesDat snapshot() {
        List<NodesDat.Node> nodes = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Runnable collect = () -> {
            for (KadContact c : table.bootstrapContacts(NodesDat.MAX_CONTACTS)) {
                nodes.add(new NodesDat.Node(c.entry(), 0, 0, 0, c.verified()));
            }
            done.countDown();
        };
        if (scheduler.inThread()) {
            collect.run();
        } else {
            scheduler.execute(collect);
            await(done);
        }
        return NodesDat.version2(nodes);
    }

    @Override
    public KadSearchHandle searchKeywords(SearchQuery query, KadSearchListener<KadKeywordResult> listener) {
        KeywordSearch search = new KeywordSearch(query, listener);
        onThread(search::start);
        return search::cancel;
    }

    @Override
    public KadSearchHandle search(SearchQuery query, SearchSink sink, NetworkId network) {
        return searchKeywords(query, new KadSearchListener<>() {
            @Override
            public void results(List<KadKeywordResult> results) {
                List<SearchHit> hits = new ArrayList<>(results.size());
                results.forEach(r -> hits.add(KadSearchHits.toSearchHit(r, network)));
                sink.hits(hits);
            }

            @Override
            public void finished(String reason) {
                sink.finished(reason);
            }
        });
    }

    @Override
    public KadSearchHandle searchSources(Ed2kHash file, long size, KadSearchListener<KadSource> listener) {
        SourceSearch search = new SourceSearch(KadId.of(file), size, listener);
        onThread(search::start);
        return search::cancel;
    }

    @Override
    public void publish(KadSharedFile file) {
        onThread(() -> {
            if (shared.putIfAbsent(file.hash(), file) != null) {
                return;
            }
            long now = scheduler.now();
            for (String word : Keywords.publishWords(file.name())) {
                keywordDue.put(word, now);
            }
            sourceDue.put(file.hash(), now);
            updateStatus();
        });
    }

    @Override
    public void withdraw(Ed2kHash file) {
        onThread(() -> {
            KadSharedFile gone = shared.remove(file);
            if (gone == null) {
                return;
            }
            sourceDue.remove(file);
            Set<String> stillUsed = new HashSet<>();
            shared.values().forEach(f -> stillUsed.addAll(Keywords.publishWords(f.name())));
            for (String word : Keywords.publishWords(gone.name())) {
                if (!stillUsed.contains(word)) {
                    keywordDue.remove(word);
                }
            }
            updateStatus();
        });
    }

    @Override
    public KadStatus status() {
        return status;
    }

    /** Packets received and dropped (with the last reason). */
    public Stats stats() {
        return new Stats(received.get(), dropped.get(), lastDrop);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CountDownLatch done = new CountDownLatch(1);
        Runnable shutdown = () -> {
            try {
                if (maintenanceTimer != null) {
                    maintenanceTimer.cancel();
                    publishTimer.cancel();
                }
                for (Job job : new ArrayList<>(jobs)) {
                    job.end("closed");
                }
                lookups.forEach(Lookup::cancel);
                lookups.clear();
                jobs.clear();
                updateStatus();
            } finally {
                done.countDown();
            }
        };
        if (scheduler.inThread()) {
            shutdown.run();
        } else {
            scheduler.execute(shutdown);
            await(done);
        }
    }

    // ------------------------------------------------------------------ inbound

    private void handle(InetSocketAddress from, KadMessage m) {
        Inet4Address ip = (Inet4Address) from.getAddress();
        long now = scheduler.now();
        if (!inbound.allow(who(ip, from.getPort()), m.opcode(), now)) {
            drop(from, KadOpcodes.name(m.opcode()) + ": flood (expected: at most "
                    + RequestLimiter.allowedPerMinute(m.opcode()) + " a minute from one node)");
            return;
        }
        if (m instanceof KadMessage.BootstrapRequest) {
            List<KadContactEntry> contacts = new ArrayList<>();
            for (KadContact c : table.bootstrapContacts(BOOTSTRAP_CONTACTS)) {
                contacts.add(c.entry());
            }
            send(from, new KadMessage.BootstrapResponse(settings.id(), settings.tcpPort(), settings.version(),
                    contacts));
        } else if (m instanceof KadMessage.BootstrapResponse r) {
            if (!expects(from, KadOpcodes.BOOTSTRAP_RES)) {
                unrequested(from, m);
                return;
            }
            table.add(new KadContactEntry(r.id(), ip, from.getPort(), r.tcpPort(), r.version()), true, true, now);
            // a bootstrap request carries no id: our hello is how the node learns us
            hello(from, now);
            r.contacts().forEach(c -> learn(c, now));
            connect();
        } else if (m instanceof KadMessage.HelloRequest h) {
            onHello(from, ip, h.id(), h.tcpPort(), h.version(), h.tags(), false, now);
        } else if (m instanceof KadMessage.HelloResponse h) {
            if (!expects(from, KadOpcodes.HELLO_RES)) {
                unrequested(from, m);
                return;
            }
            onHello(from, ip, h.id(), h.tcpPort(), h.version(), h.tags(), true, now);
        } else if (m instanceof KadMessage.HelloResponseAck a) {
            if (!expects(from, KadOpcodes.HELLO_RES_ACK)) {
                unrequested(from, m);
                return;
            }
            table.verify(a.id(), ip);
        } else if (m instanceof KadMessage.Request r) {
            onRequest(from, r);
        } else if (m instanceof KadMessage.Response r) {
            onResponse(from, ip, r, now);
        } else if (m instanceof KadMessage.SearchKeyRequest s) {
            respond(from, s.target(), index.keywordResults(s.target(), s.expression(), s.startPosition(), now));
        } else if (m instanceof KadMessage.SearchSourceRequest s) {
            respond(from, s.target(), index.sourceResults(s.target(), s.startPosition() & 0x7FFF, s.fileSize(), now));
        } else if (m instanceof KadMessage.SearchNotesRequest) {
            drop(from, "KADEMLIA2_SEARCH_NOTES_REQ: notes are not stored by this node (expected: keyword or source"
                    + " searches)");
        } else if (m instanceof KadMessage.SearchResponse r) {
            if (!expects(from, KadOpcodes.SEARCH_RES)) {
                unrequested(from, m);
                return;
            }
            boolean taken = false;
            for (Job job : new ArrayList<>(jobs)) {
                taken |= job.onSearchResponse(from, r);
            }
            if (!taken) {
                drop(from, "KADEMLIA2_SEARCH_RES target: " + r.target() + " (expected: a running search)");
            }
        } else if (m instanceof KadMessage.PublishKeyRequest p) {
            onPublishKey(from, ip, p, now);
        } else if (m instanceof KadMessage.PublishSourceRequest p) {
            onPublishSource(from, ip, p, now);
        } else if (m instanceof KadMessage.PublishNotesRequest) {
            drop(from, "KADEMLIA2_PUBLISH_NOTES_REQ: notes are not stored by this node (expected: keywords or"
                    + " sources)");
        } else if (m instanceof KadMessage.PublishResponse r) {
            if (!expects(from, KadOpcodes.PUBLISH_RES)) {
                unrequested(from, m);
                return;
            }
            for (Job job : new ArrayList<>(jobs)) {
                job.onPublishResponse(from, r);
            }
        } else if (m instanceof KadMessage.PublishResponseAck) {
            LOG.log(System.Logger.Level.TRACE, "kad {0}: publish ack", from);
        } else if (m instanceof KadMessage.FirewalledRequest f) {
            onFirewallCheckRequest(from, ip, f.tcpPort(), now);
        } else if (m instanceof KadMessage.Firewalled2Request f) {
            onFirewallCheckRequest(from, ip, f.tcpPort(), now);
        } else if (m instanceof KadMessage.FirewalledResponse f) {
            if (!expects(from, KadOpcodes.FIREWALLED_RES)) {
                unrequested(from, m);
                return;
            }
            externalVotes.merge(f.address(), 1, Integer::sum);
        } else if (m instanceof KadMessage.FirewalledAckResponse) {
            if (!expects(from, KadOpcodes.FIREWALLED_ACK_RES)) {
                unrequested(from, m);
                return;
            }
            firewallConfirmation(who(ip, from.getPort()), "KADEMLIA_FIREWALLED_ACK_RES");
        } else if (m instanceof KadMessage.Ping) {
            send(from, new KadMessage.Pong(from.getPort()));
        } else if (m instanceof KadMessage.Pong) {
            if (!expects(from, KadOpcodes.PONG)) {
                unrequested(from, m);
                return;
            }
            table.find(from).ifPresent(c -> c.updateType(now));
        } else if (m instanceof KadMessage.FirewallUdp) {
            // we advertise version 5, below which nodes do not run UDP firewall checks for others
            unrequested(from, m);
        }
    }

    private void onHello(InetSocketAddress from, Inet4Address ip, KadId id, int tcpPort, int version, List<Tag> tags,
                         boolean answer, long now) {
        if (version == 0) {
            drop(from, "hello version: 0 (expected: 1..255)");
            return;
        }
        int udpPort = from.getPort();
        boolean udpFirewalled = false;
        for (Tag t : tags) {
            if (t.hasId(KadTags.SOURCEUPORT) && t.isInteger() && t.asLong() > 0 && t.asLong() <= 0xFFFF) {
                // the sender's internal port: reach it there (aMule's AddContact2)
                udpPort = (int) t.asLong();
            } else if (t.hasId(KadTags.KADMISCOPTIONS) && t.isInteger()) {
                udpFirewalled = (t.asLong() & 0x01) != 0;
            }
        }
        RoutingTable.AddResult added = RoutingTable.AddResult.REJECTED;
        if (!udpFirewalled) {
            added = table.add(new KadContactEntry(id, ip, udpPort, tcpPort, version), answer, true, now);
            if (added == RoutingTable.AddResult.REJECTED) {
                LOG.log(System.Logger.Level.DEBUG, "kad {0}: not added: {1}", from, table.lastRejection());
            }
        }
        if (!answer) {
            send(from, new KadMessage.HelloResponse(settings.id(), settings.tcpPort(), settings.version(), List.of()));
            boolean verified = table.get(id).map(KadContact::verified).orElse(true);
            if (added != RoutingTable.AddResult.REJECTED && !verified) {
                challenge(from, id, now);
            }
        }
        if (firewallRoundRunning(now) && !firewallAsked.containsKey(who(ip, udpPort))
                && firewallAsked.size() < FIREWALL_CHECKS) {
            askFirewallCheck(new KadContactEntry(id, ip, udpPort, tcpPort, version), now);
        }
    }

    private void onRequest(InetSocketAddress from, KadMessage.Request r) {
        if (!r.receiver().equals(settings.id())) {
            // aMule does the same: the sender believes we have another id (a stale contact)
            drop(from, "KADEMLIA2_REQ receiver: " + r.receiver() + " (expected: our id " + settings.id() + ")");
            return;
        }
        int wanted = Math.min(r.wanted(), 32);
        List<KadContactEntry> contacts = new ArrayList<>();
        for (KadContact c : table.closest(r.target(), wanted + 1, 2, true)) {
            if (!c.udpEndpoint().equals(from) && contacts.size() < wanted) {
                contacts.add(c.entry());
            }
        }
        send(from, new KadMessage.Response(r.target(), contacts));
    }

    private void onResponse(InetSocketAddress from, Inet4Address ip, KadMessage.Response r, long now) {
        if (!expects(from, KadOpcodes.RES)) {
            unrequested(from, r);
            return;
        }
        Challenge challenge = challenges.get(from);
        if (challenge != null && challenge.target().equals(r.target())) {
            challenges.remove(from);
            table.verify(challenge.contact(), ip);
            return;
        }
        table.find(from).ifPresent(c -> c.updateType(now));
        List<KadContactEntry> usable = new ArrayList<>();
        for (KadContactEntry c : r.contacts()) {
            // Kad1 contacts (version 1 and below) are no longer usable
            if (c.version() > 1) {
                usable.add(c);
                learn(c, now);
            }
        }
        boolean taken = false;
        for (Lookup lookup : new ArrayList<>(lookups)) {
            if (lookup.target().equals(r.target())) {
                taken |= lookup.onResponse(from, usable);
            }
        }
        if (!taken) {
            LOG.log(System.Logger.Level.DEBUG, "kad {0}: late KADEMLIA2_RES for {1}", from, r.target());
        }
    }

    private void onPublishKey(InetSocketAddress from, Inet4Address ip, KadMessage.PublishKeyRequest p, long now) {
        if (!tolerated(p.keyword(), ip)) {
            drop(from, "KADEMLIA2_PUBLISH_KEY_REQ keyword: " + p.keyword() + " (expected: within the search"
                    + " tolerance of our id)");
            return;
        }
        int load = 0;
        for (KadMessage.Entry file : p.files()) {
            load = index.addKeyword(p.keyword(), file, ip, now).load();
        }
        // answered even when full: a refusal would push the keyword onto ever more nodes (aMule's reasoning)
        send(from, new KadMessage.PublishResponse(p.keyword(), load, OptionalInt.empty()));
    }

    private void onPublishSource(InetSocketAddress from, Inet4Address ip, KadMessage.PublishSourceRequest p,
                                 long now) {
        if (!tolerated(p.file(), ip)) {
            drop(from, "KADEMLIA2_PUBLISH_SOURCE_REQ file: " + p.file() + " (expected: within the search tolerance"
                    + " of our id)");
            return;
        }
        KadIndex.Stored stored = index.addSource(p.file(), p.source(), p.tags(), ip, from.getPort(), now);
        if (!stored.kept()) {
            drop(from, "KADEMLIA2_PUBLISH_SOURCE_REQ tags: " + p.tags() + " (expected: a source type and a TCP"
                    + " port)");
            return;
        }
        send(from, new KadMessage.PublishResponse(p.file(), stored.load(), OptionalInt.empty()));
    }

    private void onFirewallCheckRequest(InetSocketAddress from, Inet4Address ip, int tcpPort, long now) {
        String who = who(ip, from.getPort());
        Long last = firewallAnswered.get(who);
        if (last != null && now - last < FIREWALL_ANSWER_REPEAT) {
            drop(from, "firewall check: again within a minute (expected: one per node and minute)");
            return;
        }
        firewallAnswered.put(who, now);
        send(from, new KadMessage.FirewalledResponse(ip));
        probe.probe(new InetSocketAddress(ip, tcpPort)).thenAccept(open -> onThread(() -> {
            if (open && !closed) {
                send(from, new KadMessage.FirewalledAckResponse());
            }
        }));
    }

    /** Sends search results in packets of 50, as aMule does; nothing when there are none. */
    private void respond(InetSocketAddress to, KadId target, List<KadMessage.Entry> results) {
        for (int i = 0; i < results.size(); i += RESULTS_PER_PACKET) {
            send(to, new KadMessage.SearchResponse(settings.id(), target,
                    results.subList(i, Math.min(results.size(), i + RESULTS_PER_PACKET))));
        }
    }

    // ------------------------------------------------------------------ routing upkeep

    /** A contact heard of from another node: into the table unverified, then greeted. */
    private void learn(KadContactEntry c, long now) {
        if (c.version() <= 1 || c.udpPort() == 0 || c.id().equals(settings.id())) {
            return;
        }
        if (table.add(c, false, false, now) == RoutingTable.AddResult.ADDED) {
            hello(c.udpEndpoint(), now);
        }
    }

    private void hello(InetSocketAddress to, long now) {
        Long last = hellos.get(to);
        if (last != null && now - last < HELLO_REPEAT) {
            return;
        }
        if (send(to, new KadMessage.HelloRequest(settings.id(), settings.tcpPort(), settings.version(), List.of()))) {
            hellos.put(to, now);
        }
    }

    /** Proves a contact's address: a KADEMLIA2_REQ for a random target it must answer from there. */
    private void challenge(InetSocketAddress to, KadId contact, long now) {
        Challenge c = challenges.get(to);
        if (c != null && c.until() > now) {
            return;
        }
        KadId target = KadId.random(random);
        challenges.put(to, new Challenge(target, contact, now + TRACK_WINDOW));
        send(to, new KadMessage.Request(KadOpcodes.FIND_VALUE, target, contact));
    }

    private void sendBootstrap(InetSocketAddress to) {
        send(to, new KadMessage.BootstrapRequest());
    }

    /** Greets known contacts and looks up our own id, which fills the table near us; or bootstraps when empty. */
    private void connect() {
        long now = scheduler.now();
        if (table.size() == 0) {
            bootstrapAddresses.forEach(this::sendBootstrap);
            return;
        }
        for (KadContact c : table.all()) {
            if (c.lastSeen() == 0) {
                hello(c.udpEndpoint(), now);
            }
        }
        if (!selfLookupRunning) {
            selfLookupRunning = true;
            lookup(settings.id(), KadOpcodes.FIND_NODE, l -> {
                selfLookupRunning = false;
                if (l.answers() > 0 && !bootstrapped) {
                    bootstrapped = true;
                    refreshBackoff = settings.maintenanceInterval().toMillis();
                    nextRefresh = scheduler.now() + refreshBackoff;
                    LOG.log(System.Logger.Level.DEBUG, "kad {0}: bootstrapped with {1} contacts", settings.id(),
                            table.size());
                    if (!firewallRoundOpen) {
                        startFirewallRound(scheduler.now());
                    }
                }
            });
        }
    }

    private void maintenance() {
        long now = scheduler.now();
        expected.values().removeIf(until -> until <= now);
        challenges.values().removeIf(c -> c.until() <= now);
        hellos.values().removeIf(t -> now - t >= HELLO_REPEAT);
        firewallAnswered.values().removeIf(t -> now - t >= FIREWALL_ANSWER_REPEAT);
        inbound.cleanup(now);
        outbound.cleanup(now);
        index.expire(now);
        for (KadContact c : table.contactsToCheck(now)) {
            hellos.remove(c.udpEndpoint());
            hello(c.udpEndpoint(), now);
        }
        if (!bootstrapped || table.size() == 0) {
            connect();
        } else if (now >= nextRefresh) {
            // random lookups in the zones with room (aMule's big timer): soon after bootstrap, then ever more
            // rarely, doubling up to the refresh interval
            nextRefresh = now + refreshBackoff;
            refreshBackoff = Math.min(2 * refreshBackoff, settings.refreshInterval().toMillis());
            for (KadId target : table.refreshTargets(random)) {
                lookup(target, KadOpcodes.FIND_NODE, l -> { });
            }
        }
        if (firewallRoundOpen && now - firewallRoundStart >= FIREWALL_ROUND) {
            endFirewallRound();
        }
        if (bootstrapped && !firewallRoundOpen
                && (firewallRoundStart < 0 || now - firewallRoundStart >= settings.firewallRecheck().toMillis())) {
            startFirewallRound(now);
        }
        updateStatus();
    }

    private Lookup lookup(KadId target, int type, java.util.function.Consumer<Lookup> done) {
        Lookup[] self = new Lookup[1];
        Lookup l = new Lookup(target, type, settings.id(), settings, scheduler,
                (to, t, key) -> send(to.udpEndpoint(), new KadMessage.Request(t, key, to.id())),
                finished -> {
                    lookups.remove(self[0]);
                    done.accept(finished);
                });
        self[0] = l;
        lookups.add(l);
        List<KadContactEntry> seeds = new ArrayList<>();
        for (KadContact c : table.closest(target, 50, 3, false)) {
            seeds.add(c.entry());
        }
        l.start(seeds);
        return l;
    }

    // ------------------------------------------------------------------ firewall state

    private boolean firewallRoundRunning(long now) {
        return firewallRoundOpen && now - firewallRoundStart < FIREWALL_ROUND;
    }

    /** Asks up to four contacts to connect back to our TCP port; the last state holds until the round ends. */
    private void startFirewallRound(long now) {
        firewallRoundStart = now;
        firewallRoundOpen = true;
        firewallAsked.clear();
        firewallConfirmed.clear();
        externalVotes.clear();
        for (KadContact c : table.closest(KadId.random(random), table.size(), 3, false)) {
            if (firewallAsked.size() >= FIREWALL_CHECKS) {
                break;
            }
            if (!firewallAsked.containsKey(who(c.address(), c.udpPort()))) {
                askFirewallCheck(c.entry(), now);
            }
        }
    }

    private void askFirewallCheck(KadContactEntry c, long now) {
        InetSocketAddress to = c.udpEndpoint();
        boolean sent = c.version() >= 7
                ? send(to, new KadMessage.Firewalled2Request(settings.tcpPort(), settings.userHash(), 0))
                : send(to, new KadMessage.FirewalledRequest(settings.tcpPort()));
        if (sent) {
            firewallAsked.put(who(c.address(), c.udpPort()), now);
        }
    }

    private void firewallConfirmation(String from, String how) {
        if (!firewallAsked.containsKey(from)) {
            LOG.log(System.Logger.Level.DEBUG, "kad: {0} from {1}, which we did not ask", how, from);
            return;
        }
        firewallConfirmed.add(from);
        if (firewallConfirmed.size() >= 2 && firewalled) {
            firewalled = false;
            LOG.log(System.Logger.Level.DEBUG, "kad {0}: open (TCP confirmed by {1})", settings.id(),
                    firewallConfirmed);
        }
        updateStatus();
    }

    private void endFirewallRound() {
        firewallRoundOpen = false;
        if (firewallConfirmed.size() < 2) {
            firewalled = true;
        }
        // confirmations arriving later than the round are not counted
        firewallAsked.clear();
    }

    // ------------------------------------------------------------------ publishing

    private void publishTick() {
        if (!bootstrapped || closed) {
            return;
        }
        long now = scheduler.now();
        for (Map.Entry<String, Long> e : keywordDue.entrySet()) {
            if (storing.size() >= MAX_CONCURRENT_STORES) {
                return;
            }
            KadId key = Keywords.hash(e.getKey());
            if (e.getValue() <= now && !storing.contains(key)) {
                new KeywordStore(e.getKey(), key).start();
            }
        }
        if (firewalled) {
            return;
        }
        for (Map.Entry<Ed2kHash, Long> e : sourceDue.entrySet()) {
            if (storing.size() >= MAX_CONCURRENT_STORES) {
                return;
            }
            KadId key = KadId.of(e.getKey());
            if (e.getValue() <= now && !storing.contains(key)) {
                new SourceStore(e.getKey(), key).start();
            }
        }
    }

    private List<Tag> keywordTags(KadSharedFile f) {
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.string(KadTags.FILENAME, f.name()));
        tags.add(Tag.integer(KadTags.FILESIZE, f.size()));
        // we are one complete source
        tags.add(Tag.integer(KadTags.SOURCES, 1));
        if (f.fileType() != null) {
            tags.add(Tag.string(KadTags.FILETYPE, f.fileType()));
        }
        return tags;
    }

    private List<Tag> sourceTags(KadSharedFile f) {
        // type 1 (open), 4 (open, over 4 GiB); see aMule CSearch::StorePacket
        return List.of(Tag.uint8(KadTags.SOURCETYPE, f.size() > 0xFFFF_FFFFL ? 4 : 1),
                Tag.integer(KadTags.SOURCEPORT, settings.tcpPort()),
                Tag.uint16(KadTags.SOURCEUPORT, settings.udpPort()),
                Tag.integer(KadTags.FILESIZE, f.size()),
                Tag.uint8(KadTags.ENCRYPTION, 0));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Who a firewall check or a request allowance is with: the IP, as aMule counts them; on loopback (only our own
     * test nodes) IP and UDP port, since several nodes share the address.
     */
    private static String who(Inet4Address ip, int udpPort) {
        return ip.isLoopbackAddress() && udpPort != 0 ? ip.getHostAddress() + ":" + udpPort : ip.getHostAddress();
    }

    private boolean tolerated(KadId key, Inet4Address from) {
        return settings.id().xor(key).word(0) <= SEARCH_TOLERANCE || RoutingTable.isLan(from);
    }

    /** The answering nodes a search or store may address: within tolerance of the key, or on a LAN. */
    private static List<KadContactEntry> nearEnough(Lookup l) {
        List<KadContactEntry> out = new ArrayList<>();
        for (KadContactEntry c : l.closestAnswered()) {
            if (c.id().xor(l.target()).word(0) <= SEARCH_TOLERANCE || Lookup.lan(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Encodes and sends {@code m}; false when it was not sent: the node is closed, or {@code to} already got as many
     * requests of this kind as aMule accepts in a minute.
     */
    private boolean send(InetSocketAddress to, KadMessage m) {
        if (closed) {
            return false;
        }
        long now = scheduler.now();
        String peer = who((Inet4Address) to.getAddress(), to.getPort());
        if (!outbound.wouldAllow(peer, m.opcode(), now)) {
            LOG.log(System.Logger.Level.DEBUG, "kad {0}: {1} not sent: {2} a minute is all a node accepts", to,
                    KadOpcodes.name(m.opcode()), RequestLimiter.allowedPerMinute(m.opcode()));
            return false;
        }
        outbound.allow(peer, m.opcode(), now);
        int response = responseTo(m.opcode());
        if (response >= 0) {
            expected.put(key(to, response), scheduler.now() + TRACK_WINDOW);
            if (m.opcode() == KadOpcodes.FIREWALLED_REQ || m.opcode() == KadOpcodes.FIREWALLED2_REQ) {
                expected.put(key(to, KadOpcodes.FIREWALLED_ACK_RES), scheduler.now() + TRACK_WINDOW);
            }
        }
        ByteBuf packet;
        try {
            packet = encoder.encode(m, alloc);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "kad: cannot encode " + KadOpcodes.name(m.opcode()), e);
            return false;
        }
        transport.send(to, packet);
        return true;
    }

    private static int responseTo(int opcode) {
        switch (opcode) {
            case KadOpcodes.BOOTSTRAP_REQ:
                return KadOpcodes.BOOTSTRAP_RES;
            case KadOpcodes.HELLO_REQ:
                return KadOpcodes.HELLO_RES;
            case KadOpcodes.HELLO_RES:
                return KadOpcodes.HELLO_RES_ACK;
            case KadOpcodes.REQ:
                return KadOpcodes.RES;
            case KadOpcodes.SEARCH_KEY_REQ:
            case KadOpcodes.SEARCH_SOURCE_REQ:
            case KadOpcodes.SEARCH_NOTES_REQ:
                return KadOpcodes.SEARCH_RES;
            case KadOpcodes.PUBLISH_KEY_REQ:
            case KadOpcodes.PUBLISH_SOURCE_REQ:
            case KadOpcodes.PUBLISH_NOTES_REQ:
                return KadOpcodes.PUBLISH_RES;
            case KadOpcodes.FIREWALLED_REQ:
            case KadOpcodes.FIREWALLED2_REQ:
                return KadOpcodes.FIREWALLED_RES;
            case KadOpcodes.PING:
                return KadOpcodes.PONG;
            default:
                return -1;
        }
    }

    private boolean expects(InetSocketAddress from, int responseOpcode) {
        Long until = expected.get(key(from, responseOpcode));
        return until != null && until > scheduler.now();
    }

    private static String key(InetSocketAddress endpoint, int opcode) {
        return endpoint.getAddress().getHostAddress() + ":" + endpoint.getPort() + "/" + opcode;
    }

    private void unrequested(InetSocketAddress from, KadMessage m) {
        drop(from, KadOpcodes.name(m.opcode()) + ": unrequested (expected: an answer to a request we sent within "
                + TRACK_WINDOW / 1000 + " s)");
    }

    private void drop(InetSocketAddress from, String reason) {
        dropped.incrementAndGet();
        lastDrop = reason;
        LOG.log(System.Logger.Level.DEBUG, "kad {0}: dropped packet: {1}", from, reason);
    }

    private void onThread(Runnable task) {
        if (scheduler.inThread()) {
            task.run();
        } else {
            scheduler.execute(task);
        }
    }

    private KadScheduler.Cancellable repeat(Runnable task, long every) {
        KadScheduler.Cancellable[] current = new KadScheduler.Cancellable[1];
        boolean[] cancelled = new boolean[1];
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (cancelled[0] || closed) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "kad: periodic task failed", e);
            }
            current[0] = scheduler.schedule(loop[0], every);
        };
        current[0] = scheduler.schedule(loop[0], every);
        return () -> {
            cancelled[0] = true;
            current[0].cancel();
        };
    }

    private void updateStatus() {
        Optional<Inet4Address> external = externalVotes.entrySet().stream()
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
        int searches = 0;
        for (Job j : jobs) {
            if (j instanceof SearchJob) {
                searches++;
            }
        }
        status = new KadStatus(settings.id(), table.size(), bootstrapped, firewalled, external,
                index.keywordEntries(), index.sourceEntries(), shared.size(), searches);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "kad: node thread did not answer within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ jobs: searches and stores

    /** Work that, after a lookup, sends requests to the closest nodes and collects their answers. */
    private abstract class Job {
        final KadId target;
        final Set<InetSocketAddress> asked = new HashSet<>();
        Lookup lookup;

        Job(KadId target) {
            this.target = target;
        }

        /** Starts the lookup (type per job). */
        void startLookup(int type) {
            jobs.add(this);
            lookup = lookup(target, type, l -> {
                if (jobs.contains(this)) {
                    lookupDone(nearEnough(l));
                }
            });
        }

        abstract void lookupDone(List<KadContactEntry> nodes);

        boolean onSearchResponse(InetSocketAddress from, KadMessage.SearchResponse r) {
            return false;
        }

        void onPublishResponse(InetSocketAddress from, KadMessage.PublishResponse r) {
        }

        /** Ends the job with {@code reason} (null: normal end). */
        abstract void end(String reason);

        void forget() {
            jobs.remove(this);
            if (lookup != null) {
                lookup.cancel();
                lookups.remove(lookup);
            }
        }
    }

    /** A search: results go to a listener behind a gate, so that none arrives after cancel() returned. */
    private abstract class SearchJob<T> extends Job {
        private final KadSearchListener<T> listener;
        private final ReentrantLock gate = new ReentrantLock();
        private volatile boolean stopped;
        private final Set<Object> seen = new HashSet<>();
        private KadScheduler.Cancellable lifetime;
        private KadScheduler.Cancellable wait;

        SearchJob(KadId target, KadSearchListener<T> listener) {
            super(target);
            this.listener = listener;
        }

        void begin(int type) {
            if (stopped) {
                return;
            }
            if (closed) {
                end("closed");
                return;
            }
            if (table.size() == 0) {
                end("not connected to Kad: no contacts");
                return;
            }
            lifetime = scheduler.schedule(() -> end(null), settings.searchLifetime().toMillis());
            startLookup(type);
            updateStatus();
        }

        @Override
        void lookupDone(List<KadContactEntry> nodes) {
            if (stopped) {
                return;
            }
            if (nodes.isEmpty()) {
                end("no Kad node near " + target + " answered");
                return;
            }
            for (KadContactEntry n : nodes) {
                if (send(n.udpEndpoint(), request())) {
                    asked.add(n.udpEndpoint());
                }
            }
            wait = scheduler.schedule(() -> end(null), settings.searchResultWait().toMillis());
        }

        abstract KadMessage request();

        /** The result of one entry, or null when it is incomplete or does not match. */
        abstract T result(InetSocketAddress from, KadMessage.Entry entry);

        abstract Object identity(T result);

        @Override
        boolean onSearchResponse(InetSocketAddress from, KadMessage.SearchResponse r) {
            if (!r.target().equals(target) || !asked.contains(from)) {
                return false;
            }
            List<T> fresh = new ArrayList<>();
            for (KadMessage.Entry e : r.results()) {
                T result = result(from, e);
                if (result != null && seen.size() < MAX_SEARCH_RESULTS && seen.add(identity(result))) {
                    fresh.add(result);
                }
            }
            if (!fresh.isEmpty()) {
                deliver(fresh);
            }
            if (seen.size() >= MAX_SEARCH_RESULTS) {
                end(null);
            }
            return true;
        }

        private void deliver(List<T> results) {
            gate.lock();
            try {
                if (!stopped && !closed) {
                    listener.results(results);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "kad: search listener failed", e);
            } finally {
                gate.unlock();
            }
        }

        @Override
        void end(String reason) {
            gate.lock();
            try {
                if (!stopped) {
                    stopped = true;
                    listener.finished(reason);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "kad: search listener failed", e);
            } finally {
                gate.unlock();
            }
            stopTimers();
            forget();
            updateStatus();
        }

        /** Any thread: no listener call after this returns. */
        void cancel() {
            gate.lock();
            try {
                stopped = true;
            } finally {
                gate.unlock();
            }
            onThread(() -> {
                stopTimers();
                forget();
                updateStatus();
            });
        }

        private void stopTimers() {
            if (lifetime != null) {
                lifetime.cancel();
            }
            if (wait != null) {
                wait.cancel();
            }
        }
    }

    private final class KeywordSearch extends SearchJob<KadKeywordResult> {
        private final SearchQuery query;
        private final Optional<SearchExpression> expression;

        KeywordSearch(SearchQuery query, KadSearchListener<KadKeywordResult> listener) {
            super(KadSearchHits.keyword(query).map(Keywords::hash).orElse(KadId.ZERO), listener);
            this.query = query;
            this.expression = KadSearchHits.keyword(query).flatMap(k -> KadSearchHits.expression(query, k));
        }

        void start() {
            if (target.isZero()) {
                end("keywords: " + query.keywords() + " (expected: a word of at least 3 UTF-8 bytes)");
                return;
            }
            begin(KadOpcodes.FIND_VALUE);
        }

        @Override
        KadMessage request() {
            return new KadMessage.SearchKeyRequest(target, 0, expression);
        }

        @Override
        KadKeywordResult result(InetSocketAddress from, KadMessage.Entry e) {
            String name = Tag.find(e.tags(), KadTags.FILENAME).filter(t -> t.value() instanceof Tag.Str)
                    .map(Tag::asString).orElse("");
            long size = Tag.find(e.tags(), KadTags.FILESIZE).map(KadIndex::sizeOf).orElse(-1L);
            if (name.isEmpty() || size <= 0) {
                return null;
            }
            Optional<String> type = Tag.find(e.tags(), KadTags.FILETYPE).filter(t -> t.value() instanceof Tag.Str)
                    .map(Tag::asString);
            long sources = Tag.find(e.tags(), KadTags.SOURCES).filter(Tag::isInteger).map(Tag::asLong).orElse(0L);
            // aMule ignores absurd availability values from rogue clients
            int availability = sources > 65_500 || sources < 0 ? 0 : (int) sources;
            KadKeywordResult r = new KadKeywordResult(e.id().toEd2kHash(), name, size, type, availability, e.tags(),
                    from);
            return KadSearchHits.accepts(query, r) ? r : null;
        }

        @Override
        Object identity(KadKeywordResult result) {
            return result.file();
        }
    }

    private final class SourceSearch extends SearchJob<KadSource> {
        private final long size;

        SourceSearch(KadId file, long size, KadSearchListener<KadSource> listener) {
            super(file, listener);
            this.size = size;
        }

        void start() {
            begin(KadOpcodes.FIND_VALUE);
        }

        @Override
        KadMessage request() {
            return new KadMessage.SearchSourceRequest(target, 0, size);
        }

        @Override
        KadSource result(InetSocketAddress from, KadMessage.Entry e) {
            Optional<Tag> ip = Tag.find(e.tags(), KadTags.SOURCEIP).filter(Tag::isInteger);
            Optional<Tag> tcp = Tag.find(e.tags(), KadTags.SOURCEPORT).filter(Tag::isInteger);
            if (ip.isEmpty() || tcp.isEmpty() || tcp.get().asLong() <= 0 || tcp.get().asLong() > 0xFFFF) {
                return null;
            }
            int type = Tag.find(e.tags(), KadTags.SOURCETYPE).filter(Tag::isInteger).map(t -> (int) t.asLong())
                    .orElse(0);
            int udp = Tag.find(e.tags(), KadTags.SOURCEUPORT).filter(Tag::isInteger).map(t -> (int) t.asLong())
                    .filter(p -> p > 0 && p <= 0xFFFF).orElse(0);
            int crypt = Tag.find(e.tags(), KadTags.ENCRYPTION).filter(Tag::isInteger).map(t -> (int) t.asLong() & 0xFF)
                    .orElse(0);
            Inet4Address address = KadContactEntry.ipOf((int) ip.get().asLong());
            return new KadSource(e.id(), new InetSocketAddress(address, (int) tcp.get().asLong()), udp, type, crypt);
        }

        @Override
        Object identity(KadSource result) {
            return result.tcpEndpoint();
        }
    }

    /** A publish: lookup, then PUBLISH_*_REQ to the closest nodes; reschedules itself by the answers. */
    private abstract class StoreJob extends Job {
        int answers;
        KadScheduler.Cancellable wait;

        StoreJob(KadId target) {
            super(target);
        }

        void start() {
            storing.add(target);
            startLookup(KadOpcodes.STORE);
        }

        @Override
        void lookupDone(List<KadContactEntry> nodes) {
            List<KadContactEntry> to = nodes.size() > settings.width() ? nodes.subList(0, settings.width()) : nodes;
            if (to.isEmpty()) {
                end("no node near " + target);
                return;
            }
            for (KadContactEntry n : to) {
                for (KadMessage m : packets()) {
                    if (send(n.udpEndpoint(), m)) {
                        asked.add(n.udpEndpoint());
                    }
                }
            }
            wait = scheduler.schedule(() -> end(null), settings.searchResultWait().toMillis());
        }

        abstract List<KadMessage> packets();

        /** Records when to publish again. */
        abstract void reschedule(long at);

        abstract long republish();

        @Override
        void onPublishResponse(InetSocketAddress from, KadMessage.PublishResponse r) {
            if (r.target().equals(target) && asked.remove(from)) {
                answers++;
            }
        }

        @Override
        void end(String reason) {
            if (wait != null) {
                wait.cancel();
            }
            long now = scheduler.now();
            reschedule(answers > 0 ? now + republish() : now + settings.publishRetry().toMillis());
            LOG.log(System.Logger.Level.DEBUG, "kad {0}: store {1}: {2} answers{3}", settings.id(), target, answers,
                    reason == null ? "" : " (" + reason + ")");
            storing.remove(target);
            forget();
        }
    }

    private final class KeywordStore extends StoreJob {
        private final String keyword;

        KeywordStore(String keyword, KadId key) {
            super(key);
            this.keyword = keyword;
        }

        @Override
        List<KadMessage> packets() {
            List<KadMessage.Entry> files = new ArrayList<>();
            for (KadSharedFile f : shared.values()) {
                if (files.size() < MAX_FILES_PER_KEYWORD && Keywords.publishWords(f.name()).contains(keyword)) {
                    files.add(new KadMessage.Entry(KadId.of(f.hash()), keywordTags(f)));
                }
            }
            List<KadMessage> packets = new ArrayList<>();
            for (int i = 0; i < files.size(); i += FILES_PER_PUBLISH_PACKET) {
                packets.add(new KadMessage.PublishKeyRequest(target,
                        files.subList(i, Math.min(files.size(), i + FILES_PER_PUBLISH_PACKET))));
            }
            return packets;
        }

        @Override
        void reschedule(long at) {
            keywordDue.computeIfPresent(keyword, (k, v) -> at);
        }

        @Override
        long republish() {
            return settings.keywordRepublish().toMillis();
        }
    }

    private final class SourceStore extends StoreJob {
        private final Ed2kHash file;

        SourceStore(Ed2kHash file, KadId key) {
            super(key);
            this.file = file;
        }

        @Override
        List<KadMessage> packets() {
            KadSharedFile f = shared.get(file);
            if (f == null) {
                return List.of();
            }
            return List.of(new KadMessage.PublishSourceRequest(target, settings.userHash(), sourceTags(f)));
        }

        @Override
        void reschedule(long at) {
            sourceDue.computeIfPresent(file, (k, v) -> at);
        }

        @Override
        long republish() {
            return settings.sourceRepublish().toMillis();
        }
    }

    /** The settings this node runs with. */
    KadSettings settings() {
        return settings;
    }

    /** For tests: the routing table (node thread only). */
    RoutingTable table() {
        return table;
    }
}

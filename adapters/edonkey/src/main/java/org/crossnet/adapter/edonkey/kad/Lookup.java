package org.crossnet.adapter.edonkey.kad;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;
import org.crossnet.adapter.edonkey.kad.routing.RoutingTable;

/**
 * One iterative Kademlia lookup for a target: at most {@code alpha} KADEMLIA2_REQs in flight, always to the closest
 * contact not yet asked, each given {@code requestTimeout} to answer; contacts from answers join the candidates (one
 * per IP, as aMule accepts them). It converges when the {@code width} closest candidates that did not fail have all
 * answered, or ends at its lifetime; then {@code onDone} gets the answering contacts, closest first. Confined to the
 * node's thread.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/kademlia/Search.cpp">aMule Search.cpp
 *      (Go, ProcessResponse)</a>
 */
final class Lookup {
    /** Sends one KADEMLIA2_REQ (and tracks it as a request awaiting KADEMLIA2_RES); false when it was not sent. */
    @FunctionalInterface
    interface Sender {
        boolean request(KadContactEntry to, int type, KadId target);
    }

    private enum State {
        NEW, ASKED, ANSWERED, FAILED
    }

    private static final class Candidate {
        final KadContactEntry contact;
        final KadId distance;
        State state = State.NEW;
        KadScheduler.Cancellable timer;

        Candidate(KadContactEntry contact, KadId target) {
            this.contact = contact;
            this.distance = contact.id().xor(target);
        }
    }

    private final KadId target;
    private final int type;
    private final KadId self;
    private final int alpha;
    private final int width;
    private final long requestTimeout;
    private final KadScheduler scheduler;
    private final Sender sender;
    private final Consumer<Lookup> onDone;
    private final TreeMap<KadId, Candidate> candidates = new TreeMap<>();
    private final Map<InetSocketAddress, Candidate> byEndpoint = new HashMap<>();
    private final Set<String> hosts = new HashSet<>();
    private KadScheduler.Cancellable lifetime;
    private int inFlight;
    private boolean done;
    private int answers;

    Lookup(KadId target, int type, KadId self, KadSettings settings, KadScheduler scheduler, Sender sender,
           Consumer<Lookup> onDone) {
        this.target = target;
        this.type = type;
        this.self = self;
        this.alpha = settings.alpha();
        this.width = settings.width();
        this.requestTimeout = settings.requestTimeout().toMillis();
        this.scheduler = scheduler;
        this.sender = sender;
        this.onDone = onDone;
        this.lifetime = scheduler.schedule(() -> finish(), settings.lookupLifetime().toMillis());
    }

    KadId target() {
        return target;
    }

    /** KADEMLIA2_REQ type: {@link org.crossnet.adapter.edonkey.kad.codec.KadOpcodes#FIND_NODE} etc. */
    int type() {
        return type;
    }

    boolean done() {
        return done;
    }

    /** Answers received. */
    int answers() {
        return answers;
    }

    /** Starts from the routing table's closest contacts. */
    void start(List<KadContactEntry> seeds) {
        seeds.forEach(this::offer);
        pump();
    }

    /** True when {@code from} is a contact this lookup asked and is waiting for. */
    boolean awaits(InetSocketAddress from) {
        Candidate c = byEndpoint.get(from);
        return !done && c != null && c.state == State.ASKED;
    }

    /** A KADEMLIA2_RES for our target from {@code from}; false when this lookup did not ask it. */
    boolean onResponse(InetSocketAddress from, List<KadContactEntry> contacts) {
        Candidate c = byEndpoint.get(from);
        if (done || c == null || c.state != State.ASKED && c.state != State.FAILED) {
            return false;
        }
        if (c.state == State.ASKED) {
            inFlight--;
        }
        c.state = State.ANSWERED;
        answers++;
        if (c.timer != null) {
            c.timer.cancel();
        }
        contacts.forEach(this::offer);
        pump();
        return true;
    }

    /** The contacts that answered, closest first, at most {@code width}. */
    List<KadContactEntry> closestAnswered() {
        List<KadContactEntry> out = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (c.state == State.ANSWERED) {
                out.add(c.contact);
                if (out.size() == width) {
                    break;
                }
            }
        }
        return out;
    }

    /** Ends the lookup without reporting. */
    void cancel() {
        if (!done) {
            done = true;
            stopTimers();
        }
    }

    private void offer(KadContactEntry contact) {
        if (contact.id().equals(self) || contact.version() == 1 || contact.udpPort() == 0
                || !usable(contact) || candidates.containsKey(contact.id().xor(target))) {
            return;
        }
        String host = contact.address().isLoopbackAddress()
                ? contact.address().getHostAddress() + ":" + contact.udpPort() : contact.address().getHostAddress();
        if (!hosts.add(host)) {
            return;
        }
        Candidate c = new Candidate(contact, target);
        candidates.put(c.distance, c);
        byEndpoint.put(contact.udpEndpoint(), c);
    }

    /** aMule's IsGoodIPPort, and no unobfuscated DNS port. */
    private static boolean usable(KadContactEntry c) {
        byte[] ip = c.address().getAddress();
        boolean zero = ip[0] == 0;
        boolean multicast = (ip[0] & 0xF0) == 0xE0 || (ip[0] & 0xFF) == 0xFF;
        return !zero && !multicast && !(c.udpPort() == 53 && c.version() <= 5);
    }

    private void pump() {
        if (done) {
            return;
        }
        while (inFlight < alpha) {
            Candidate next = nextToAsk();
            if (next == null) {
                break;
            }
            ask(next);
        }
        if (inFlight == 0 && nextToAsk() == null) {
            finish();
        }
    }

    /** The closest unasked candidate, unless {@code width} closer candidates already answered. */
    private Candidate nextToAsk() {
        int closerAnswered = 0;
        for (Candidate c : candidates.values()) {
            if (c.state == State.NEW) {
                return closerAnswered < width ? c : null;
            }
            if (c.state == State.ANSWERED) {
                closerAnswered++;
            }
        }
        return null;
    }

    private void ask(Candidate c) {
        if (!sender.request(c.contact, type, target)) {
            // not sent (the node had all the requests it accepts this minute): as good as unanswered
            c.state = State.FAILED;
            return;
        }
        c.state = State.ASKED;
        inFlight++;
        c.timer = scheduler.schedule(() -> timeout(c), requestTimeout);
    }

    private void timeout(Candidate c) {
        if (done || c.state != State.ASKED) {
            return;
        }
        // a late answer still counts (onResponse accepts FAILED), but the lookup moves on without it
        c.state = State.FAILED;
        inFlight--;
        pump();
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        stopTimers();
        onDone.accept(this);
    }

    private void stopTimers() {
        lifetime.cancel();
        for (Candidate c : candidates.values()) {
            if (c.timer != null) {
                c.timer.cancel();
            }
        }
    }

    /** For diagnostics: candidates by state. */
    @Override
    public String toString() {
        Map<State, Integer> counts = new TreeMap<>(Comparator.comparing(Enum::ordinal));
        candidates.values().forEach(c -> counts.merge(c.state, 1, Integer::sum));
        return "lookup " + target + " type " + type + " " + counts;
    }

    /** True when {@code address} is exempt from the search tolerance (LAN), as aMule treats it. */
    static boolean lan(KadContactEntry c) {
        return RoutingTable.isLan(c.address());
    }
}

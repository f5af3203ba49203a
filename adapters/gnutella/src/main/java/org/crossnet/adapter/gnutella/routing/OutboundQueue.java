package org.crossnet.adapter.gnutella.routing;

import java.util.ArrayDeque;
import org.crossnet.adapter.gnutella.codec.GnutellaWire;
import org.crossnet.adapter.gnutella.codec.Message;

/**
 * The messages waiting for one connection while its socket buffer is full. Three classes with their own bounds:
 * control messages (BYE, QRP, vendor, HSEP) are never dropped, so a full control queue means the peer does not
 * read and the caller closes it; replies (hits, pongs, pushes) and queries drop their oldest when full, replies
 * being sent first because a reply has already cost the network a search. Messages go straight to the socket while
 * it is writable and nothing waits. Not thread-safe: one event loop owns it.
 */
public final class OutboundQueue {
    /** Where messages go. */
    public interface Sink {
        /** Whether the socket accepts more without buffering beyond its high-water mark. */
        boolean writable();

        void write(Message message);

        void flush();
    }

    /** What happened to one offered message. */
    public enum Result {
        /** Written to the socket. */
        SENT,
        /** Waiting in the queue. */
        QUEUED,
        /** Queued, and the oldest message of its class was dropped to make room. */
        DROPPED_OLDEST,
        /** The control queue is full: the connection should close. */
        OVERFLOW
    }

    private final Sink sink;
    private final int maxControl;
    private final int maxReplies;
    private final int maxQueries;
    private final ArrayDeque<Message> control = new ArrayDeque<>();
    private final ArrayDeque<Message> replies = new ArrayDeque<>();
    private final ArrayDeque<Message> queries = new ArrayDeque<>();
    private long dropped;

    public OutboundQueue(Sink sink, int maxControl, int maxReplies, int maxQueries) {
        this.sink = sink;
        this.maxControl = maxControl;
        this.maxReplies = maxReplies;
        this.maxQueries = maxQueries;
    }

    public Result offer(Message message) {
        if (isEmpty() && sink.writable()) {
            sink.write(message);
            sink.flush();
            return Result.SENT;
        }
        ArrayDeque<Message> queue = queueOf(message);
        int max = queue == control ? maxControl : queue == replies ? maxReplies : maxQueries;
        Result result = Result.QUEUED;
        if (queue.size() >= max) {
            if (queue == control) {
                return Result.OVERFLOW;
            }
            queue.pollFirst();
            dropped++;
            result = Result.DROPPED_OLDEST;
        }
        queue.addLast(message);
        drain();
        return result;
    }

    /** Writes what waits while the socket is writable: control first, then replies, then queries. */
    public void drain() {
        boolean wrote = false;
        while (sink.writable()) {
            Message next = control.pollFirst();
            if (next == null) {
                next = replies.pollFirst();
            }
            if (next == null) {
                next = queries.pollFirst();
            }
            if (next == null) {
                break;
            }
            sink.write(next);
            wrote = true;
        }
        if (wrote) {
            sink.flush();
        }
    }

    public boolean isEmpty() {
        return control.isEmpty() && replies.isEmpty() && queries.isEmpty();
    }

    public int size() {
        return control.size() + replies.size() + queries.size();
    }

    /** Messages dropped since the connection opened. */
    public long dropped() {
        return dropped;
    }

    private ArrayDeque<Message> queueOf(Message m) {
        return switch (m.type()) {
            case GnutellaWire.QUERY, GnutellaWire.PING -> queries;
            case GnutellaWire.QUERY_HIT, GnutellaWire.PONG, GnutellaWire.PUSH -> replies;
            default -> control;
        };
    }
}

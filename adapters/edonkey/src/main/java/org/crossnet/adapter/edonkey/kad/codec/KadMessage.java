package org.crossnet.adapter.edonkey.kad.codec;

import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.KadId;

/**
 * A Kad2 UDP message: the payload after {@code <proto 0xE4><opcode>}. Immutable. Layouts are little-endian; ids are
 * {@link KadId}s in wire order; tag lists are {@code <count u8><tag>*} in the old tag form. Every record states its
 * layout.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/net/KademliaUDPListener.cpp">aMule
 *      KademliaUDPListener.cpp</a>
 */
public sealed interface KadMessage {
    /** The opcode byte. */
    int opcode();

    /** KADEMLIA2_BOOTSTRAP_REQ 0x01: empty. */
    record BootstrapRequest() implements KadMessage {
        @Override
        public int opcode() {
            return KadOpcodes.BOOTSTRAP_REQ;
        }
    }

    /**
     * KADEMLIA2_BOOTSTRAP_RES 0x09: {@code <id 16><tcp port u16><version u8><count u16><contact 25>*count}; aMule
     * sends at most 20 contacts.
     */
    record BootstrapResponse(KadId id, int tcpPort, int version, List<KadContactEntry> contacts) implements KadMessage {
        public BootstrapResponse {
            requirePort(tcpPort, "bootstrap tcp port");
            requireByte(version, "bootstrap version");
            contacts = List.copyOf(contacts);
            if (contacts.size() > 0xFFFF) {
                throw new IllegalArgumentException("bootstrap contacts: " + contacts.size() + " (expected: <= 65535)");
            }
        }

        @Override
        public int opcode() {
            return KadOpcodes.BOOTSTRAP_RES;
        }
    }

    /**
     * KADEMLIA2_HELLO_REQ 0x11: {@code <id 16><tcp port u16><version u8><tag count u8><tag>*}; tags
     * {@link KadTags#SOURCEUPORT} (the sender's internal Kad port) and {@link KadTags#KADMISCOPTIONS}.
     */
    record HelloRequest(KadId id, int tcpPort, int version, List<Tag> tags) implements KadMessage {
        public HelloRequest {
            requirePort(tcpPort, "hello tcp port");
            requireByte(version, "hello version");
            tags = List.copyOf(tags);
        }

        @Override
        public int opcode() {
            return KadOpcodes.HELLO_REQ;
        }
    }

    /** KADEMLIA2_HELLO_RES 0x19: as {@link HelloRequest}. */
    record HelloResponse(KadId id, int tcpPort, int version, List<Tag> tags) implements KadMessage {
        public HelloResponse {
            requirePort(tcpPort, "hello tcp port");
            requireByte(version, "hello version");
            tags = List.copyOf(tags);
        }

        @Override
        public int opcode() {
            return KadOpcodes.HELLO_RES;
        }
    }

    /** KADEMLIA2_HELLO_RES_ACK 0x22: {@code <id 16><tag count u8><tag>*} (aMule sends no tags). */
    record HelloResponseAck(KadId id, List<Tag> tags) implements KadMessage {
        public HelloResponseAck {
            tags = List.copyOf(tags);
        }

        @Override
        public int opcode() {
            return KadOpcodes.HELLO_RES_ACK;
        }
    }

    /**
     * KADEMLIA2_REQ 0x21: {@code <type u8><target 16><receiver 16>}. The low 5 bits of {@code type} are the number
     * of contacts wanted ({@link KadOpcodes#FIND_NODE}, {@link KadOpcodes#FIND_VALUE}, {@link KadOpcodes#STORE});
     * {@code receiver} is the id the sender believes the receiver has, and a node ignores requests for another id.
     */
    record Request(int type, KadId target, KadId receiver) implements KadMessage {
        public Request {
            requireByte(type, "request type");
        }

        /** Contacts wanted: {@code type & 0x1F}. */
        public int wanted() {
            return type & 0x1F;
        }

        @Override
        public int opcode() {
            return KadOpcodes.REQ;
        }
    }

    /** KADEMLIA2_RES 0x29: {@code <target 16><count u8><contact 25>*count}. */
    record Response(KadId target, List<KadContactEntry> contacts) implements KadMessage {
        public Response {
            contacts = List.copyOf(contacts);
            if (contacts.size() > 0xFF) {
                throw new IllegalArgumentException("response contacts: " + contacts.size() + " (expected: <= 255)");
            }
        }

        @Override
        public int opcode() {
            return KadOpcodes.RES;
        }
    }

    /**
     * KADEMLIA2_SEARCH_KEY_REQ 0x33: {@code <keyword 16><start u16>[<expression>]}; bit 15 of {@code start} says an
     * expression follows, the low 15 bits are the index of the first result wanted.
     */
    record SearchKeyRequest(KadId target, int startPosition, Optional<SearchExpression> expression)
            implements KadMessage {
        public SearchKeyRequest {
            if (startPosition < 0 || startPosition > 0x7FFF) {
                throw new IllegalArgumentException("search start position: " + startPosition + " (expected: 0..32767)");
            }
            if (expression == null) {
                throw new IllegalArgumentException("search expression: null (expected: an Optional)");
            }
        }

        @Override
        public int opcode() {
            return KadOpcodes.SEARCH_KEY_REQ;
        }
    }

    /**
     * KADEMLIA2_SEARCH_SOURCE_REQ 0x34: {@code <file 16><start u16><file size u64>}; the receiver reads only the low
     * 15 bits of {@code start}, the whole field is kept so that re-encoding reproduces it.
     */
    record SearchSourceRequest(KadId target, int startPosition, long fileSize) implements KadMessage {
        public SearchSourceRequest {
            if (startPosition < 0 || startPosition > 0xFFFF) {
                throw new IllegalArgumentException("search start position: " + startPosition + " (expected: 0..65535)");
            }
        }

        @Override
        public int opcode() {
            return KadOpcodes.SEARCH_SOURCE_REQ;
        }
    }

    /** KADEMLIA2_SEARCH_NOTES_REQ 0x35: {@code <file 16><file size u64>}. */
    record SearchNotesRequest(KadId target, long fileSize) implements KadMessage {
        @Override
        public int opcode() {
            return KadOpcodes.SEARCH_NOTES_REQ;
        }
    }

    /** An id with its tags: one search result, or one file of a keyword publish. */
    record Entry(KadId id, List<Tag> tags) {
        public Entry {
            if (id == null) {
                throw new IllegalArgumentException("entry id: null (expected: an id)");
            }
            tags = List.copyOf(tags);
            if (tags.size() > 0xFF) {
                throw new IllegalArgumentException("entry tags: " + tags.size() + " (expected: <= 255)");
            }
        }
    }

    /**
     * KADEMLIA2_SEARCH_RES 0x3B: {@code <sender 16><target 16><count u16>(<answer 16><tag count u8><tag>*)*count};
     * for a keyword search each answer is a file hash, for a source search a source's user hash.
     */
    record SearchResponse(KadId sender, KadId target, List<Entry> results) implements KadMessage {
        public SearchResponse {
            results = List.copyOf(results);
            if (results.size() > 0xFFFF) {
                throw new IllegalArgumentException("search results: " + results.size() + " (expected: <= 65535)");
            }
        }

        @Override
        public int opcode() {
            return KadOpcodes.SEARCH_RES;
        }
    }

    /**
     * KADEMLIA2_PUBLISH_KEY_REQ 0x43: {@code <keyword 16><count u16>(<file 16><tag count u8><tag>*)*count}; tags
     * name, size, sources, file type and media metadata.
     */
    record PublishKeyRequest(KadId keyword, List<Entry> files) implements KadMessage {
        public PublishKeyRequest {
            files = List.copyOf(files);
            if (files.size() > 0xFFFF) {
                throw new IllegalArgumentException("published files: " + files.size() + " (expected: <= 65535)");
            }
        }

        @Override
        public int opcode() {
            return KadOpcodes.PUBLISH_KEY_REQ;
        }
    }

    /**
     * KADEMLIA2_PUBLISH_SOURCE_REQ 0x44: {@code <file 16><source user hash 16><tag count u8><tag>*}; tags source
     * type, TCP port, UDP port, file size, encryption options.
     */
    record PublishSourceRequest(KadId file, KadId source, List<Tag> tags) implements KadMessage {
        public PublishSourceRequest {
            tags = List.copyOf(tags);
        }

        @Override
        public int opcode() {
            return KadOpcodes.PUBLISH_SOURCE_REQ;
        }
    }

    /** KADEMLIA2_PUBLISH_NOTES_REQ 0x45: {@code <file 16><publisher id 16><tag count u8><tag>*}. */
    record PublishNotesRequest(KadId file, KadId source, List<Tag> tags) implements KadMessage {
        public PublishNotesRequest {
            tags = List.copyOf(tags);
        }

        @Override
        public int opcode() {
            return KadOpcodes.PUBLISH_NOTES_REQ;
        }
    }

    /**
     * KADEMLIA2_PUBLISH_RES 0x4B: {@code <target 16><load u8>[<options u8>]}; load is the storing node's fill in
     * percent, option bit 0 asks for a KADEMLIA2_PUBLISH_RES_ACK.
     */
    record PublishResponse(KadId target, int load, OptionalInt options) implements KadMessage {
        public PublishResponse {
            requireByte(load, "publish load");
            if (options == null || options.isPresent() && (options.getAsInt() < 0 || options.getAsInt() > 0xFF)) {
                throw new IllegalArgumentException("publish options: " + options + " (expected: empty or 0..255)");
            }
        }

        @Override
        public int opcode() {
            return KadOpcodes.PUBLISH_RES;
        }
    }

    /** KADEMLIA2_PUBLISH_RES_ACK 0x4C: empty. */
    record PublishResponseAck() implements KadMessage {
        @Override
        public int opcode() {
            return KadOpcodes.PUBLISH_RES_ACK;
        }
    }

    /** KADEMLIA_FIREWALLED_REQ 0x50 (Kad1 form, sent to contacts below version 7): {@code <tcp port u16>}. */
    record FirewalledRequest(int tcpPort) implements KadMessage {
        public FirewalledRequest {
            requirePort(tcpPort, "firewalled tcp port");
        }

        @Override
        public int opcode() {
            return KadOpcodes.FIREWALLED_REQ;
        }
    }

    /**
     * KADEMLIA_FIREWALLED2_REQ 0x53: {@code <tcp port u16><user hash 16><connect options u8>}; the receiver connects
     * to the TCP port and answers with {@link FirewalledResponse}.
     */
    record Firewalled2Request(int tcpPort, KadId userHash, int connectOptions) implements KadMessage {
        public Firewalled2Request {
            requirePort(tcpPort, "firewalled tcp port");
            requireByte(connectOptions, "firewalled connect options");
        }

        @Override
        public int opcode() {
            return KadOpcodes.FIREWALLED2_REQ;
        }
    }

    /** KADEMLIA_FIREWALLED_RES 0x58: {@code <ip u32>}, the requester's address as the answering node sees it. */
    record FirewalledResponse(Inet4Address address) implements KadMessage {
        @Override
        public int opcode() {
            return KadOpcodes.FIREWALLED_RES;
        }
    }

    /** KADEMLIA_FIREWALLED_ACK_RES 0x59: empty; the TCP connect-back of a firewall check succeeded. */
    record FirewalledAckResponse() implements KadMessage {
        @Override
        public int opcode() {
            return KadOpcodes.FIREWALLED_ACK_RES;
        }
    }

    /** KADEMLIA2_PING 0x60: empty. */
    record Ping() implements KadMessage {
        @Override
        public int opcode() {
            return KadOpcodes.PING;
        }
    }

    /** KADEMLIA2_PONG 0x61: {@code <udp port u16>}, the port the ping came from. */
    record Pong(int udpPort) implements KadMessage {
        public Pong {
            requirePort(udpPort, "pong udp port");
        }

        @Override
        public int opcode() {
            return KadOpcodes.PONG;
        }
    }

    /** KADEMLIA2_FIREWALLUDP 0x62: {@code <error code u8><incoming port u16>}. */
    record FirewallUdp(int errorCode, int incomingPort) implements KadMessage {
        public FirewallUdp {
            requireByte(errorCode, "firewall udp error code");
            requirePort(incomingPort, "firewall udp port");
        }

        @Override
        public int opcode() {
            return KadOpcodes.FIREWALLUDP;
        }
    }

    private static void requirePort(int port, String field) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(field + ": " + port + " (expected: 0..65535)");
        }
    }

    private static void requireByte(int value, String field) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..255)");
        }
    }
}

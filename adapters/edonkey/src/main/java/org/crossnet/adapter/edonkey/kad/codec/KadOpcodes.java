package org.crossnet.adapter.edonkey.kad.codec;

/**
 * Kad UDP protocol bytes and the Kad2 opcodes this node speaks (plus the Kad1 firewall opcodes Kad2 still uses).
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/protocol/kad2/Client2Client/UDP.h">aMule
 *      kad2/Client2Client/UDP.h</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/protocol/kad/Client2Client/UDP.h">aMule
 *      kad/Client2Client/UDP.h</a>
 */
public final class KadOpcodes {
    /** OP_KADEMLIAHEADER: a plain Kad packet. */
    public static final int PROTOCOL = 0xE4;
    /** OP_KADEMLIAPACKEDPROT: the payload after the opcode is zlib-compressed. */
    public static final int PROTOCOL_PACKED = 0xE5;

    public static final int BOOTSTRAP_REQ = 0x01;
    public static final int BOOTSTRAP_RES = 0x09;
    public static final int HELLO_REQ = 0x11;
    public static final int HELLO_RES = 0x19;
    public static final int REQ = 0x21;
    public static final int HELLO_RES_ACK = 0x22;
    public static final int RES = 0x29;
    public static final int SEARCH_KEY_REQ = 0x33;
    public static final int SEARCH_SOURCE_REQ = 0x34;
    public static final int SEARCH_NOTES_REQ = 0x35;
    public static final int SEARCH_RES = 0x3B;
    public static final int PUBLISH_KEY_REQ = 0x43;
    public static final int PUBLISH_SOURCE_REQ = 0x44;
    public static final int PUBLISH_NOTES_REQ = 0x45;
    public static final int PUBLISH_RES = 0x4B;
    public static final int PUBLISH_RES_ACK = 0x4C;
    public static final int FIREWALLED_REQ = 0x50;
    public static final int FIREWALLED2_REQ = 0x53;
    public static final int FIREWALLED_RES = 0x58;
    public static final int FIREWALLED_ACK_RES = 0x59;
    public static final int PING = 0x60;
    public static final int PONG = 0x61;
    public static final int FIREWALLUDP = 0x62;

    /** KADEMLIA2_REQ type (the number of contacts wanted) of a node lookup. */
    public static final int FIND_NODE = 0x0B;
    /** KADEMLIA2_REQ type of a search (keyword, source, notes). */
    public static final int FIND_VALUE = 0x02;
    /** KADEMLIA2_REQ type of a publish. */
    public static final int STORE = 0x04;

    private KadOpcodes() {
    }

    /** The spec name of {@code opcode}, for logs and drop reasons. */
    public static String name(int opcode) {
        switch (opcode) {
            case BOOTSTRAP_REQ:
                return "KADEMLIA2_BOOTSTRAP_REQ";
            case BOOTSTRAP_RES:
                return "KADEMLIA2_BOOTSTRAP_RES";
            case HELLO_REQ:
                return "KADEMLIA2_HELLO_REQ";
            case HELLO_RES:
                return "KADEMLIA2_HELLO_RES";
            case REQ:
                return "KADEMLIA2_REQ";
            case HELLO_RES_ACK:
                return "KADEMLIA2_HELLO_RES_ACK";
            case RES:
                return "KADEMLIA2_RES";
            case SEARCH_KEY_REQ:
                return "KADEMLIA2_SEARCH_KEY_REQ";
            case SEARCH_SOURCE_REQ:
                return "KADEMLIA2_SEARCH_SOURCE_REQ";
            case SEARCH_NOTES_REQ:
                return "KADEMLIA2_SEARCH_NOTES_REQ";
            case SEARCH_RES:
                return "KADEMLIA2_SEARCH_RES";
            case PUBLISH_KEY_REQ:
                return "KADEMLIA2_PUBLISH_KEY_REQ";
            case PUBLISH_SOURCE_REQ:
                return "KADEMLIA2_PUBLISH_SOURCE_REQ";
            case PUBLISH_NOTES_REQ:
                return "KADEMLIA2_PUBLISH_NOTES_REQ";
            case PUBLISH_RES:
                return "KADEMLIA2_PUBLISH_RES";
            case PUBLISH_RES_ACK:
                return "KADEMLIA2_PUBLISH_RES_ACK";
            case FIREWALLED_REQ:
                return "KADEMLIA_FIREWALLED_REQ";
            case FIREWALLED2_REQ:
                return "KADEMLIA_FIREWALLED2_REQ";
            case FIREWALLED_RES:
                return "KADEMLIA_FIREWALLED_RES";
            case FIREWALLED_ACK_RES:
                return "KADEMLIA_FIREWALLED_ACK_RES";
            case PING:
                return "KADEMLIA2_PING";
            case PONG:
                return "KADEMLIA2_PONG";
            case FIREWALLUDP:
                return "KADEMLIA2_FIREWALLUDP";
            default:
                return String.format("0x%02X", opcode);
        }
    }
}

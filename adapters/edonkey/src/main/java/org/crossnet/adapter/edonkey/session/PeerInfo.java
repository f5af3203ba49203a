package org.crossnet.adapter.edonkey.session;

import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.spi.model.Bytes;

/**
 * What a peer told us in its hello: identity, ports and the eMule capabilities packed into CT_EMULE_MISCOPTIONS1/2.
 * Immutable. Bit layouts (eMule 0.50a / aMule 2.3.3 BaseClient.cpp):
 * <pre>
 * MISCOPTIONS1: AICH ver 31-29 | unicode 28 | UDP ver 27-24 | data compression 23-20 | secure ident 19-16
 *               | source exchange 1 ver 15-12 | extended requests 11-8 | comments 7-4 | peercache 3
 *               | no view shared files 2 | multipacket 1 | preview 0
 * MISCOPTIONS2: direct UDP callback 12 | captcha 11 | source exchange 2 10 | requires crypt 9 | requests crypt 8
 *               | supports crypt 7 | reserved 6 | ext multipacket 5 | large files 4 | Kad version 3-0
 * UDPPORTS:     Kad port 31-16 | eD2k UDP port 15-0
 * </pre>
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/BaseClient.cpp">aMule BaseClient.cpp</a>
 */
public record PeerInfo(Bytes userHash, long clientId, int port, String name, int udpPort, int kadPort,
                       long misc1, long misc2, long emuleVersion, long serverIp, int serverPort) {
    public int dataCompressionVersion() {
        return (int) (misc1 >> 20 & 0xF);
    }

    public int extendedRequestsVersion() {
        return (int) (misc1 >> 8 & 0xF);
    }

    public boolean multiPacket() {
        return (misc1 >> 1 & 1) != 0;
    }

    public boolean extMultiPacket() {
        return (misc2 >> 5 & 1) != 0;
    }

    public boolean largeFiles() {
        return (misc2 >> 4 & 1) != 0;
    }

    public boolean sourceExchange2() {
        return (misc2 >> 10 & 1) != 0;
    }

    /** AICH support (MISCOPTIONS1 bits 31-29, version 1 = bit 29), as aMule's {@code IsSupportingAICH}. */
    public boolean supportsAich() {
        return (misc1 >> 29 & 1) != 0;
    }

    public int kadVersion() {
        return (int) (misc2 & 0xF);
    }

    /** Whether CT_EMULE_VERSION was present: an eMule-family client with the extended protocol. */
    public boolean emule() {
        return emuleVersion >= 0;
    }

    /** Reads the fields of a hello or hello answer. Unknown tags are ignored; ill-typed known tags count as absent. */
    public static PeerInfo of(ClientMessage.HelloBody h) {
        List<Tag> tags = h.tags();
        String name = Tag.find(tags, Ed2kWire.CT_NAME).filter(t -> t.value() instanceof Tag.Str)
                .map(Tag::asString).orElse("");
        long ports = integer(tags, Ed2kWire.CT_EMULE_UDPPORTS, 0);
        return new PeerInfo(h.userHash(), h.clientId(), h.port(), name, (int) (ports & 0xFFFF),
                (int) (ports >> 16 & 0xFFFF), integer(tags, Ed2kWire.CT_EMULE_MISCOPTIONS1, 0),
                integer(tags, Ed2kWire.CT_EMULE_MISCOPTIONS2, 0), integer(tags, Ed2kWire.CT_EMULE_VERSION, -1),
                h.serverIp(), h.serverPort());
    }

    private static long integer(List<Tag> tags, int id, long fallback) {
        return Tag.find(tags, id).filter(Tag::isInteger).map(Tag::asLong).orElse(fallback);
    }

    /**
     * Our hello tags. We advertise: AICH 1 (root hash requests, part recovery data both ways), unicode, data
     * compression 1 (we inflate compressed parts), extended requests 2, multipacket and ext multipacket, large files,
     * SX2, no UDP reask (UDP port 0: we answer on TCP), no secure
     * ident, no obfuscation, no preview, shared files not viewable.
     *
     * @param kadPort    our Kad UDP port, 0 without Kad
     * @param kadVersion the Kad version we speak, 0 without Kad
     */
    public static List<Tag> ourTags(String nick, int kadPort, int kadVersion) {
        long misc1 = 1L << 29 | 1L << 28 | 1L << 20 | 2L << 8 | 1L << 2 | 1L << 1;
        long misc2 = 1L << 10 | 1L << 5 | 1L << 4 | (kadVersion & 0xF);
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.string(Ed2kWire.CT_NAME, nick));
        tags.add(Tag.uint32(Ed2kWire.CT_VERSION, Ed2kWire.EDONKEY_VERSION));
        tags.add(Tag.uint32(Ed2kWire.CT_EMULE_UDPPORTS, (long) kadPort << 16));
        tags.add(Tag.uint32(Ed2kWire.CT_EMULE_MISCOPTIONS1, misc1));
        tags.add(Tag.uint32(Ed2kWire.CT_EMULE_MISCOPTIONS2, misc2));
        tags.add(Tag.uint32(Ed2kWire.CT_EMULE_VERSION, OUR_EMULE_VERSION));
        return tags;
    }

    /**
     * CT_EMULE_VERSION: {@code <compatible client u8><major 7 bits><minor 7 bits><update 3 bits><build 7 bits>};
     * client id 0x2A is unregistered with eMule, so peers list us as a compatible client; version 0.1.0.
     */
    public static final long OUR_EMULE_VERSION = 0x2AL << 24 | 0L << 17 | 1L << 10 | 0L << 7;
}

package org.crossnet.adapter.bittorrent.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BInteger;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BValue;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.bencode.BencodeException;
import org.crossnet.spi.model.Bytes;

/**
 * The extended handshake (BEP 10): extended message id 0, a bencoded dictionary.
 *
 * @param messages     {@code m}: extension name → the sender's id for it; an id of 0 (disabled) is left out
 * @param client       {@code v}, nullable
 * @param requestQueue {@code reqq}, or 0 when absent
 * @param metadataSize {@code metadata_size} (BEP 9), or -1 when absent
 * @param listenPort   {@code p}, or 0 when absent
 * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10</a>
 */
public record ExtendedHandshake(Map<String, Integer> messages, String client, int requestQueue, long metadataSize,
                                int listenPort) {
    /** Largest metadata_size we accept: the info dictionary of a big torrent, as {@code Metainfo} caps a .torrent. */
    public static final long MAX_METADATA_SIZE = 10 << 20;
    private static final BencodeDecoder DECODER = new BencodeDecoder(new BencodeDecoder.Limits(8, 64 << 10, 64 << 10));

    public ExtendedHandshake {
        messages = Map.copyOf(messages);
    }

    /** The sender's id for {@code name}, or 0 when it does not support it. */
    public int idOf(String name) {
        return messages.getOrDefault(name, 0);
    }

    /**
     * Encodes the payload (after {@code <id=20><extended id=0>}):
     * {@code d1:md11:ut_metadatai1e6:ut_pexi2ee13:metadata_sizei…e1:pi…e4:reqqi…e1:v…e}.
     * BEP 10: https://www.bittorrent.org/beps/bep_0010.html
     */
    public Bytes encode() {
        BDictionary.Builder m = BDictionary.builder();
        messages.forEach(m::put);
        BDictionary.Builder d = BDictionary.builder().put("m", m.build());
        if (client != null) {
            d.put("v", client);
        }
        if (requestQueue > 0) {
            d.put("reqq", requestQueue);
        }
        if (metadataSize >= 0) {
            d.put("metadata_size", metadataSize);
        }
        if (listenPort > 0) {
            d.put("p", listenPort);
        }
        return Bytes.of(BencodeEncoder.encode(d.build()));
    }

    /**
     * Decodes the payload laid out as in {@link #encode}; unknown keys are ignored (BEP 10 says so).
     *
     * @throws PeerWireException on malformed bencode or ill-typed known keys
     */
    public static ExtendedHandshake decode(Bytes payload) {
        BDictionary d;
        try {
            d = DECODER.decodeDictionary(payload.toArray());
        } catch (BencodeException e) {
            throw new PeerWireException("extended-handshake", "malformed bencode", e.getMessage());
        }
        Map<String, Integer> messages = new LinkedHashMap<>();
        BValue m = d.get("m").orElse(null);
        if (m != null) {
            if (!(m instanceof BDictionary md)) {
                throw new PeerWireException("extended-handshake.m", "not a dictionary", "a dictionary");
            }
            for (Map.Entry<BString, BValue> e : md.entries().entrySet()) {
                if (e.getValue() instanceof BInteger id) {
                    if (id.value() < 0 || id.value() > 255) {
                        throw new PeerWireException("extended-handshake.m." + e.getKey().utf8(), id.value(), "0..255");
                    }
                    if (id.value() > 0) {
                        messages.put(e.getKey().utf8(), (int) id.value());
                    }
                }
            }
        }
        String client = d.get("v").filter(v -> v instanceof BString).map(v -> ((BString) v).utf8()).orElse(null);
        long reqq = integer(d, "reqq", 0, 0, 1 << 16);
        long metadataSize = integer(d, "metadata_size", -1, 0, MAX_METADATA_SIZE);
        long port = integer(d, "p", 0, 0, 65535);
        return new ExtendedHandshake(messages, client, (int) reqq, metadataSize, (int) port);
    }

    private static long integer(BDictionary d, String key, long absent, long min, long max) {
        BValue v = d.get(key).orElse(null);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof BInteger i)) {
            throw new PeerWireException("extended-handshake." + key, "not an integer", "an integer");
        }
        if (i.value() < min || i.value() > max) {
            throw new PeerWireException("extended-handshake." + key, i.value(), min + ".." + max);
        }
        return i.value();
    }
}

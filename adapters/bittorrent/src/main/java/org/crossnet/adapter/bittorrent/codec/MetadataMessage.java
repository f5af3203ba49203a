package org.crossnet.adapter.bittorrent.codec;

import java.util.Arrays;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BInteger;
import org.crossnet.spi.bencode.BValue;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.bencode.BencodeException;
import org.crossnet.spi.model.Bytes;

/**
 * A ut_metadata message (BEP 9): a bencoded dictionary, followed by the piece's bytes for {@code data}.
 *
 * @param type      0 request, 1 data, 2 reject
 * @param piece     the metadata piece index
 * @param totalSize {@code total_size} for data, else -1
 * @param data      the piece's bytes for data, else empty
 * @see <a href="https://www.bittorrent.org/beps/bep_0009.html">BEP 9</a>
 */
public record MetadataMessage(int type, int piece, long totalSize, Bytes data) {
    public static final int REQUEST = 0;
    public static final int DATA = 1;
    public static final int REJECT = 2;
    private static final BencodeDecoder DECODER = new BencodeDecoder(new BencodeDecoder.Limits(4, 4096, 1024));

    /**
     * Encodes: {@code d8:msg_typei<type>e5:piecei<piece>e[10:total_sizei<size>e]e[<data>]}.
     * BEP 9: https://www.bittorrent.org/beps/bep_0009.html#extension-message
     */
    public Bytes encode() {
        BDictionary.Builder d = BDictionary.builder().put("msg_type", type).put("piece", piece);
        if (type == DATA) {
            d.put("total_size", totalSize);
        }
        byte[] dict = BencodeEncoder.encode(d.build());
        byte[] out = Arrays.copyOf(dict, dict.length + data.length());
        System.arraycopy(data.toArray(), 0, out, dict.length, data.length());
        return Bytes.of(out);
    }

    /**
     * Decodes the layout of {@link #encode}: the dictionary ends where its bencoding ends; the rest is data.
     *
     * @throws PeerWireException on malformed bencode, a missing or unknown msg_type, or data on a non-data message
     */
    public static MetadataMessage decode(Bytes payload) {
        byte[] bytes = payload.toArray();
        int end = BencodePrefix.end(bytes, 4096);
        BDictionary d;
        try {
            d = DECODER.decodeDictionary(Arrays.copyOf(bytes, end));
        } catch (BencodeException e) {
            throw new PeerWireException("ut_metadata", "malformed bencode", e.getMessage());
        }
        long type = integer(d, "msg_type");
        long piece = integer(d, "piece");
        if (type < REQUEST || type > REJECT) {
            throw new PeerWireException("ut_metadata.msg_type", type, "0, 1 or 2");
        }
        if (piece < 0 || piece > ExtendedHandshake.MAX_METADATA_SIZE / PeerWire.METADATA_PIECE_SIZE) {
            throw new PeerWireException("ut_metadata.piece", piece, "0.."
                    + ExtendedHandshake.MAX_METADATA_SIZE / PeerWire.METADATA_PIECE_SIZE);
        }
        Bytes data = Bytes.of(Arrays.copyOfRange(bytes, end, bytes.length));
        if (type != DATA) {
            if (data.length() != 0) {
                throw new PeerWireException("ut_metadata.data", data.length() + " bytes", "none on a request or reject");
            }
            return new MetadataMessage((int) type, (int) piece, -1, data);
        }
        long total = integer(d, "total_size");
        if (total <= 0 || total > ExtendedHandshake.MAX_METADATA_SIZE) {
            throw new PeerWireException("ut_metadata.total_size", total, "1.." + ExtendedHandshake.MAX_METADATA_SIZE);
        }
        if (data.length() > PeerWire.METADATA_PIECE_SIZE) {
            throw new PeerWireException("ut_metadata.data", data.length() + " bytes",
                    "at most " + PeerWire.METADATA_PIECE_SIZE);
        }
        return new MetadataMessage(DATA, (int) piece, total, data);
    }

    private static long integer(BDictionary d, String key) {
        BValue v = d.get(key).orElseThrow(() -> new PeerWireException("ut_metadata." + key, "missing", "an integer"));
        if (!(v instanceof BInteger i)) {
            throw new PeerWireException("ut_metadata." + key, "not an integer", "an integer");
        }
        return i.value();
    }
}

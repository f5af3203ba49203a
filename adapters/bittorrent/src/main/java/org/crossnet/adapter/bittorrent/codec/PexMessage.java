package org.crossnet.adapter.bittorrent.codec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BValue;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.bencode.BencodeException;
import org.crossnet.spi.model.Bytes;

/**
 * A ut_pex message (BEP 11): IPv4 peers added and dropped since the last message, in compact form.
 *
 * @param added   peers connected since the last message
 * @param flags   one flag byte per added peer ({@code added.f}); empty when absent
 * @param dropped peers disconnected since the last message
 * @see <a href="https://www.bittorrent.org/beps/bep_0011.html">BEP 11</a>
 */
public record PexMessage(List<InetSocketAddress> added, Bytes flags, List<InetSocketAddress> dropped) {
    /** Most peers accepted in one list; BEP 11 asks senders for at most 50 added. */
    public static final int MAX_PEERS = 200;
    private static final BencodeDecoder DECODER = new BencodeDecoder(new BencodeDecoder.Limits(4, 64 << 10, 16 << 10));

    public PexMessage {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
    }

    /**
     * Encodes: {@code d5:added<6n bytes>7:added.f<n bytes>7:dropped<6m bytes>e}, each peer {@code <ipv4 4><port 2>}.
     * BEP 11: https://www.bittorrent.org/beps/bep_0011.html
     */
    public Bytes encode() {
        byte[] f = flags.length() == added.size() ? flags.toArray() : new byte[added.size()];
        return Bytes.of(BencodeEncoder.encode(BDictionary.builder()
                .put("added", BString.of(compact(added)))
                .put("added.f", BString.of(f))
                .put("dropped", BString.of(compact(dropped)))
                .build()));
    }

    /**
     * Decodes the layout of {@link #encode}; IPv6 keys ({@code added6}) are ignored.
     *
     * @throws PeerWireException on malformed bencode or a compact list whose length is not a multiple of 6
     */
    public static PexMessage decode(Bytes payload) {
        BDictionary d;
        try {
            d = DECODER.decodeDictionary(payload.toArray());
        } catch (BencodeException e) {
            throw new PeerWireException("ut_pex", "malformed bencode", e.getMessage());
        }
        List<InetSocketAddress> added = peers(d, "added");
        Bytes flags = d.get("added.f").filter(v -> v instanceof BString).map(v -> ((BString) v).value())
                .orElse(Bytes.of(new byte[0]));
        return new PexMessage(added, flags, peers(d, "dropped"));
    }

    private static List<InetSocketAddress> peers(BDictionary d, String key) {
        BValue v = d.get(key).orElse(null);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof BString s)) {
            throw new PeerWireException("ut_pex." + key, "not a string", "a compact peer list");
        }
        byte[] b = s.value().toArray();
        if (b.length % 6 != 0 || b.length / 6 > MAX_PEERS) {
            throw new PeerWireException("ut_pex." + key, b.length + " bytes",
                    "a multiple of 6, at most " + MAX_PEERS + " peers");
        }
        List<InetSocketAddress> out = new ArrayList<>(b.length / 6);
        for (int i = 0; i < b.length; i += 6) {
            try {
                InetAddress ip = InetAddress.getByAddress(new byte[] {b[i], b[i + 1], b[i + 2], b[i + 3]});
                out.add(new InetSocketAddress(ip, ((b[i + 4] & 0xFF) << 8) | (b[i + 5] & 0xFF)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a 4-byte address is always valid", e);
            }
        }
        return out;
    }

    private static byte[] compact(List<InetSocketAddress> peers) {
        List<byte[]> entries = new ArrayList<>();
        for (InetSocketAddress p : peers) {
            if (p.getAddress() != null && p.getAddress().getAddress().length == 4) {
                byte[] ip = p.getAddress().getAddress();
                entries.add(new byte[] {ip[0], ip[1], ip[2], ip[3], (byte) (p.getPort() >> 8), (byte) p.getPort()});
            }
        }
        byte[] out = new byte[entries.size() * 6];
        for (int i = 0; i < entries.size(); i++) {
            System.arraycopy(entries.get(i), 0, out, i * 6, 6);
        }
        return out;
    }
}

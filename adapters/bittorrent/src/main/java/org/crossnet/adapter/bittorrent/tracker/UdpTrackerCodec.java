package org.crossnet.adapter.bittorrent.tracker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.model.InfoHash;

/**
 * The UDP tracker wire (BEP 15): request encoders and one reply decoder. All integers are big-endian. Stateless and
 * thread-safe; decoding never retains the buffer and throws {@link TrackerException} of kind
 * {@link TrackerException.Kind#PROTOCOL} reading {@code "field: value (expected: …)"}.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0015.html">BEP 15, UDP tracker protocol</a>
 */
final class UdpTrackerCodec {
    /** The connect request's protocol id. */
    static final long PROTOCOL_ID = 0x41727101980L;
    static final int ACTION_CONNECT = 0;
    static final int ACTION_ANNOUNCE = 1;
    static final int ACTION_SCRAPE = 2;
    static final int ACTION_ERROR = 3;
    /** BEP 15: "up to about 74 torrents can be scraped at once" in one 1500-byte packet. */
    static final int MAX_SCRAPE_HASHES = 74;
    static final int CONNECT_LENGTH = 16;
    static final int ANNOUNCE_LENGTH = 98;
    static final int HEADER_LENGTH = 8;
    static final int ANNOUNCE_REPLY_HEADER = 20;
    static final int SCRAPE_ENTRY = 12;
    /** The reason given for an 8-byte announce reply, which carries no interval or peers. */
    static final String NOT_SERVED = "announce reply: 8 bytes, no body (expected: interval, leechers, seeders;"
            + " the tracker does not serve this info-hash)";

    private UdpTrackerCodec() {
    }

    /** A decoded reply; {@code transactionId} is checked by the caller against its pending request. */
    sealed interface Reply permits ConnectReply, AnnounceReply, ScrapeReply, ErrorReply {
        int transactionId();
    }

    record ConnectReply(int transactionId, long connectionId) implements Reply {
    }

    record AnnounceReply(int transactionId, AnnounceResponse response) implements Reply {
    }

    record ScrapeReply(int transactionId, List<ScrapeResult> results) implements Reply {
    }

    record ErrorReply(int transactionId, String message) implements Reply {
    }

    // connect: <protocol_id u64 = 0x41727101980><action u32 = 0><transaction_id u32>
    static ByteBuf encodeConnect(ByteBufAllocator alloc, int transactionId) {
        return alloc.buffer(CONNECT_LENGTH).writeLong(PROTOCOL_ID).writeInt(ACTION_CONNECT).writeInt(transactionId);
    }

    // announce: <connection_id u64><action u32 = 1><transaction_id u32><info_hash 20><peer_id 20><downloaded u64>
    //           <left u64><uploaded u64><event u32><ip u32 = 0><key u32><num_want i32 = -1 default><port u16>
    static ByteBuf encodeAnnounce(ByteBufAllocator alloc, long connectionId, int transactionId,
                                  AnnounceRequest request, int key) {
        ByteBuf out = alloc.buffer(ANNOUNCE_LENGTH);
        out.writeLong(connectionId).writeInt(ACTION_ANNOUNCE).writeInt(transactionId);
        out.writeBytes(request.infoHash().bytes().toArray()).writeBytes(request.peerId().toArray());
        out.writeLong(request.downloaded()).writeLong(request.left()).writeLong(request.uploaded());
        out.writeInt(request.event().udpCode()).writeInt(0).writeInt(key);
        out.writeInt(request.numWant() < 0 ? -1 : request.numWant()).writeShort(request.port());
        return out;
    }

    // scrape: <connection_id u64><action u32 = 2><transaction_id u32><info_hash 20>{1..74}
    static ByteBuf encodeScrape(ByteBufAllocator alloc, long connectionId, int transactionId, List<InfoHash> hashes) {
        checkScrapeCount(hashes.size());
        ByteBuf out = alloc.buffer(16 + InfoHash.LENGTH * hashes.size());
        out.writeLong(connectionId).writeInt(ACTION_SCRAPE).writeInt(transactionId);
        for (InfoHash hash : hashes) {
            out.writeBytes(hash.bytes().toArray());
        }
        return out;
    }

    static void checkScrapeCount(int count) {
        if (count < 1 || count > MAX_SCRAPE_HASHES) {
            throw new TrackerException(TrackerException.Kind.UNSUPPORTED, "hashes: " + count
                    + " (expected: 1.." + MAX_SCRAPE_HASHES + " per UDP scrape)");
        }
    }

    /**
     * Decodes one reply datagram.
     * <pre>
     * connect:  {@code <action u32 = 0><transaction_id u32><connection_id u64>}
     * announce: {@code <action u32 = 1><transaction_id u32><interval u32><leechers u32><seeders u32>}
     *           {@code (<ip 4|16><port u16>)*}; just the 8-byte header is a refusal, see {@link #NOT_SERVED}
     * scrape:   {@code <action u32 = 2><transaction_id u32>(<seeders u32><completed u32><leechers u32>)*}
     * error:    {@code <action u32 = 3><transaction_id u32><message bytes>}
     * </pre>
     *
     * @param peerAddressLength 4 when the tracker was reached over IPv4, 16 over IPv6 (BEP 15's IPv6 rule)
     */
    static Reply decode(ByteBuf in, int peerAddressLength) {
        int length = in.readableBytes();
        if (length < HEADER_LENGTH) {
            throw protocol("packet: " + length + " bytes (expected: at least " + HEADER_LENGTH + ")");
        }
        int at = in.readerIndex();
        int action = in.getInt(at);
        int transactionId = in.getInt(at + 4);
        switch (action) {
            case ACTION_CONNECT:
                if (length < CONNECT_LENGTH) {
                    throw protocol("connect reply: " + length + " bytes (expected: at least " + CONNECT_LENGTH + ")");
                }
                return new ConnectReply(transactionId, in.getLong(at + 8));
            case ACTION_ANNOUNCE:
                if (length == HEADER_LENGTH) {
                    // opentracker's whole answer for an info-hash off its whitelist: read it as a refusal
                    return new ErrorReply(transactionId, NOT_SERVED);
                }
                return decodeAnnounce(in, at, length, transactionId, peerAddressLength);
            case ACTION_SCRAPE:
                if ((length - HEADER_LENGTH) % SCRAPE_ENTRY != 0) {
                    throw protocol("scrape reply: " + length + " bytes (expected: 8 + 12 per torrent)");
                }
                List<ScrapeResult> results = new ArrayList<>();
                for (int p = at + HEADER_LENGTH; p < at + length; p += SCRAPE_ENTRY) {
                    results.add(new ScrapeResult(count(in.getInt(p), "seeders"),
                            count(in.getInt(p + 4), "completed"), count(in.getInt(p + 8), "leechers")));
                }
                return new ScrapeReply(transactionId, results);
            case ACTION_ERROR:
                byte[] text = new byte[length - HEADER_LENGTH];
                in.getBytes(at + HEADER_LENGTH, text);
                int end = text.length;
                while (end > 0 && text[end - 1] == 0) {
                    end--;
                }
                return new ErrorReply(transactionId, new String(text, 0, end, StandardCharsets.UTF_8));
            default:
                throw protocol("action: " + action + " (expected: 0..3)");
        }
    }

    private static AnnounceReply decodeAnnounce(ByteBuf in, int at, int length, int transactionId,
                                                int addressLength) {
        int entry = addressLength + 2;
        if (length < ANNOUNCE_REPLY_HEADER || (length - ANNOUNCE_REPLY_HEADER) % entry != 0) {
            throw protocol("announce reply: " + length + " bytes (expected: 20 + " + entry + " per peer)");
        }
        int interval = in.getInt(at + 8);
        if (interval < 0) {
            throw protocol("interval: " + Integer.toUnsignedLong(interval) + " (expected: 0.."
                    + Integer.MAX_VALUE + " seconds)");
        }
        int leechers = count(in.getInt(at + 12), "leechers");
        int seeders = count(in.getInt(at + 16), "seeders");
        List<InetSocketAddress> peers = new ArrayList<>((length - ANNOUNCE_REPLY_HEADER) / entry);
        byte[] ip = new byte[addressLength];
        for (int p = at + ANNOUNCE_REPLY_HEADER; p < at + length; p += entry) {
            in.getBytes(p, ip);
            int port = in.getUnsignedShort(p + addressLength);
            if (port == 0) {
                continue;
            }
            try {
                peers.add(new InetSocketAddress(InetAddress.getByAddress(ip), port));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("address of " + addressLength + " bytes rejected", e);
            }
        }
        return new AnnounceReply(transactionId, new AnnounceResponse(Duration.ofSeconds(interval), null, peers,
                seeders, leechers, null));
    }

    private static int count(int value, String field) {
        if (value < 0) {
            throw protocol(field + ": " + Integer.toUnsignedLong(value) + " (expected: 0.." + Integer.MAX_VALUE + ")");
        }
        return value;
    }

    private static TrackerException protocol(String message) {
        return new TrackerException(TrackerException.Kind.PROTOCOL, message);
    }
}

package org.crossnet.adapter.bittorrent.tracker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BInteger;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BValue;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.bencode.BencodeException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;

/**
 * The HTTP tracker wire: announce and scrape URLs (BEP 3, BEP 48) and their bencoded responses (BEP 3, BEP 23 compact
 * peers, BEP 7 {@code peers6}, and the original list of peer dictionaries). Stateless and thread-safe; parse failures
 * are {@link TrackerException}s of kind {@link TrackerException.Kind#PROTOCOL} or, for a {@code failure reason},
 * {@link TrackerException.Kind#REJECTED}.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#trackers">BEP 3, trackers</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0023.html">BEP 23, compact peer lists</a>
 */
final class HttpTrackerCodec {
    private static final System.Logger LOG = System.getLogger(HttpTrackerCodec.class.getName());
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final int COMPACT_V4 = 6;
    private static final int COMPACT_V6 = 18;

    private HttpTrackerCodec() {
    }

    /** A parsed announce answer plus the {@code tracker id} to echo in later announces (null when none). */
    record Reply(AnnounceResponse response, Bytes trackerId) {
    }

    /**
     * The announce URL: {@code base?info_hash=…&peer_id=…&port=…&uploaded=…&downloaded=…&left=…&compact=1
     * [&numwant=…][&event=…]&key=…[&trackerid=…]}, binary values percent-encoded byte by byte (BEP 3).
     */
    static URI announceUri(String base, AnnounceRequest request, int key, Bytes trackerId) {
        StringBuilder url = new StringBuilder(base.length() + 256).append(base);
        url.append(base.indexOf('?') >= 0 ? '&' : '?');
        url.append("info_hash=").append(percentEncode(request.infoHash().bytes()));
        url.append("&peer_id=").append(percentEncode(request.peerId()));
        url.append("&port=").append(request.port());
        url.append("&uploaded=").append(request.uploaded());
        url.append("&downloaded=").append(request.downloaded());
        url.append("&left=").append(request.left());
        url.append("&compact=1");
        if (request.numWant() >= 0) {
            url.append("&numwant=").append(request.numWant());
        }
        if (request.event().httpValue() != null) {
            url.append("&event=").append(request.event().httpValue());
        }
        url.append("&key=").append(String.format("%08X", key));
        if (trackerId != null) {
            url.append("&trackerid=").append(percentEncode(trackerId));
        }
        return toUri(url.toString());
    }

    /**
     * The scrape URL by BEP 48's convention: the last path segment must start with {@code announce}, which becomes
     * {@code scrape}; one {@code info_hash} parameter per hash.
     *
     * @throws TrackerException of kind UNSUPPORTED when the announce URL does not follow the convention
     */
    static URI scrapeUri(String announceUrl, List<InfoHash> hashes) {
        int query = announceUrl.indexOf('?');
        String path = query >= 0 ? announceUrl.substring(0, query) : announceUrl;
        int slash = path.lastIndexOf('/');
        if (slash < 0 || !path.startsWith("announce", slash + 1)) {
            throw new TrackerException(TrackerException.Kind.UNSUPPORTED, "scrape: " + announceUrl
                    + " (expected: an announce URL whose last path segment starts with 'announce')");
        }
        StringBuilder url = new StringBuilder(announceUrl.length() + hashes.size() * 72);
        url.append(path, 0, slash + 1).append("scrape").append(path, slash + 1 + "announce".length(), path.length());
        char separator = '?';
        if (query >= 0) {
            url.append(announceUrl, query, announceUrl.length());
            separator = '&';
        }
        for (InfoHash hash : hashes) {
            url.append(separator).append("info_hash=").append(percentEncode(hash.bytes()));
            separator = '&';
        }
        return toUri(url.toString());
    }

    /** RFC 3986: unreserved characters as they are, every other byte as {@code %XX}. */
    static String percentEncode(Bytes bytes) {
        StringBuilder out = new StringBuilder(bytes.length() * 3);
        for (int i = 0; i < bytes.length(); i++) {
            int b = bytes.get(i) & 0xFF;
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '.' || b == '_' || b == '~') {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0x0F]);
            }
        }
        return out.toString();
    }

    /**
     * Parses an announce response: {@code d[8:complete i…e][10:incomplete i…e]8:interval i…e
     * [12:min interval i…e]5:peers (<6n bytes> | l d2:ip…4:port i…e e… e)[6:peers6 <18n bytes>]
     * [10:tracker id …][15:warning message …]e},
     * or {@code d14:failure reason …e}.
     */
    static Reply parseAnnounce(byte[] body, BencodeDecoder decoder) {
        BDictionary dict = decode(body, decoder);
        rejectOnFailure(dict);
        long interval = integer(dict, "interval").orElseThrow(() -> protocol("interval: missing"
                + " (expected: an integer number of seconds)"));
        Duration minInterval = null;
        Optional<Long> min = integer(dict, "min interval");
        if (min.isPresent()) {
            minInterval = Duration.ofSeconds(seconds(min.get(), "min interval"));
        }
        int seeders = count(dict, "complete", -1);
        int leechers = count(dict, "incomplete", -1);
        List<InetSocketAddress> peers = new ArrayList<>();
        Optional<BValue> peersValue = dict.get("peers");
        if (peersValue.isPresent()) {
            BValue value = peersValue.get();
            if (value instanceof BString compact) {
                compactPeers(compact.value(), COMPACT_V4, "peers", peers);
            } else if (value instanceof BList list) {
                dictionaryPeers(list, peers);
            } else {
                throw protocol("peers: " + kind(value) + " (expected: a compact string or a list of dictionaries)");
            }
        }
        Optional<BValue> peers6 = dict.get("peers6");
        if (peers6.isPresent()) {
            if (!(peers6.get() instanceof BString compact6)) {
                throw protocol("peers6: " + kind(peers6.get()) + " (expected: a compact string)");
            }
            compactPeers(compact6.value(), COMPACT_V6, "peers6", peers);
        }
        String warning = text(dict, "warning message");
        Bytes trackerId = dict.get("tracker id").filter(BString.class::isInstance)
                .map(v -> ((BString) v).value()).orElse(null);
        return new Reply(new AnnounceResponse(Duration.ofSeconds(seconds(interval, "interval")), minInterval,
                peers, seeders, leechers, warning), trackerId);
    }

    /**
     * Parses a scrape response (BEP 48): {@code d5:files d<20-byte hash> d8:complete i…e10:downloaded i…e
     * 10:incomplete i…e e… e e}; a missing count reads 0.
     */
    static Map<InfoHash, ScrapeResult> parseScrape(byte[] body, BencodeDecoder decoder) {
        BDictionary dict = decode(body, decoder);
        rejectOnFailure(dict);
        BValue files = dict.get("files").orElseThrow(() -> protocol("files: missing (expected: a dictionary)"));
        if (!(files instanceof BDictionary filesDict)) {
            throw protocol("files: " + kind(files) + " (expected: a dictionary)");
        }
        Map<InfoHash, ScrapeResult> result = new HashMap<>();
        for (Map.Entry<BString, BValue> entry : filesDict.entries().entrySet()) {
            Bytes key = entry.getKey().value();
            if (key.length() != InfoHash.LENGTH) {
                throw protocol("files key: " + key.length() + " bytes (expected: a 20-byte info-hash)");
            }
            if (!(entry.getValue() instanceof BDictionary counts)) {
                throw protocol("files[" + key.hex() + "]: " + kind(entry.getValue()) + " (expected: a dictionary)");
            }
            result.put(new InfoHash(key), new ScrapeResult(count(counts, "complete", 0),
                    count(counts, "downloaded", 0), count(counts, "incomplete", 0)));
        }
        return result;
    }

    private static BDictionary decode(byte[] body, BencodeDecoder decoder) {
        BValue value;
        try {
            value = decoder.decode(body);
        } catch (BencodeException e) {
            throw new TrackerException(TrackerException.Kind.PROTOCOL, "response: " + e.getMessage(), e);
        }
        if (!(value instanceof BDictionary dict)) {
            throw protocol("response: " + kind(value) + " (expected: a bencoded dictionary)");
        }
        return dict;
    }

    private static void rejectOnFailure(BDictionary dict) {
        Optional<BValue> failure = dict.get("failure reason");
        if (failure.isPresent()) {
            String reason = failure.get() instanceof BString s ? s.utf8() : String.valueOf(failure.get());
            throw new TrackerException(TrackerException.Kind.REJECTED, reason);
        }
    }

    // BEP 23 / BEP 7: <ip 4 or 16 bytes><port u16 big-endian>, repeated
    private static void compactPeers(Bytes bytes, int entryLength, String field, List<InetSocketAddress> out) {
        if (bytes.length() % entryLength != 0) {
            throw protocol(field + ": " + bytes.length() + " bytes (expected: a multiple of " + entryLength + ")");
        }
        byte[] raw = bytes.toArray();
        int ipLength = entryLength - 2;
        for (int at = 0; at < raw.length; at += entryLength) {
            byte[] ip = Arrays.copyOfRange(raw, at, at + ipLength);
            int port = ((raw[at + ipLength] & 0xFF) << 8) | (raw[at + ipLength + 1] & 0xFF);
            if (port == 0) {
                LOG.log(System.Logger.Level.DEBUG, "tracker listed a peer with port 0; skipped");
                continue;
            }
            try {
                out.add(new InetSocketAddress(InetAddress.getByAddress(ip), port));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("address of " + ipLength + " bytes rejected", e);
            }
        }
    }

    // BEP 3: l d 2:ip <dotted quad | IPv6 | DNS name> 7:peer id <20 bytes> 4:port i<port>e e … e
    private static void dictionaryPeers(BList list, List<InetSocketAddress> out) {
        for (int i = 0; i < list.values().size(); i++) {
            String field = "peers[" + i + "]";
            BValue value = list.values().get(i);
            if (!(value instanceof BDictionary peer)) {
                throw protocol(field + ": " + kind(value) + " (expected: a dictionary)");
            }
            Optional<BValue> ip = peer.get("ip");
            if (ip.isEmpty() || !(ip.get() instanceof BString ipText)) {
                throw protocol(field + ".ip: " + ip.map(HttpTrackerCodec::kind).orElse("missing")
                        + " (expected: an address string)");
            }
            Optional<Long> port = integer(peer, "port");
            if (port.isEmpty() || port.get() < 1 || port.get() > 65535) {
                throw protocol(field + ".port: " + port.map(String::valueOf).orElse("missing")
                        + " (expected: an integer 1..65535)");
            }
            InetAddress address = literalAddress(ipText.utf8());
            if (address == null) {
                // resolving a host name here would block; trackers send literals in practice
                LOG.log(System.Logger.Level.DEBUG, "tracker listed peer host {0}, not an IP literal; skipped",
                        ipText.utf8());
            } else {
                out.add(new InetSocketAddress(address, port.get().intValue()));
            }
        }
    }

    /** The address for an IPv4 or IPv6 literal, null for anything else; never a DNS lookup. */
    static InetAddress literalAddress(String text) {
        if (text.isEmpty()) {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length == 4 && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            byte[] ip = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || Integer.parseInt(parts[i]) > 255) {
                    return null;
                }
                ip[i] = (byte) Integer.parseInt(parts[i]);
            }
            return address(ip);
        }
        if (text.indexOf(':') >= 0 && text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            try {
                // a bracketed literal is parsed as IPv6 or rejected, never looked up
                return InetAddress.getByName("[" + text + "]");
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    private static InetAddress address(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + ip.length + " bytes rejected", e);
        }
    }

    private static Optional<Long> integer(BDictionary dict, String key) {
        Optional<BValue> value = dict.get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof BInteger i)) {
            throw protocol(key + ": " + kind(value.get()) + " (expected: an integer)");
        }
        return Optional.of(i.value());
    }

    private static long seconds(long value, String key) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw protocol(key + ": " + value + " (expected: 0.." + Integer.MAX_VALUE + " seconds)");
        }
        return value;
    }

    private static int count(BDictionary dict, String key, int absent) {
        Optional<Long> value = integer(dict, key);
        if (value.isEmpty()) {
            return absent;
        }
        long v = value.get();
        if (v < 0) {
            throw protocol(key + ": " + v + " (expected: >= 0)");
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    private static String text(BDictionary dict, String key) {
        Optional<BValue> value = dict.get(key);
        if (value.isEmpty()) {
            return null;
        }
        if (!(value.get() instanceof BString s)) {
            throw protocol(key + ": " + kind(value.get()) + " (expected: a string)");
        }
        return s.utf8();
    }

    private static String kind(BValue value) {
        if (value instanceof BString) {
            return "a string";
        }
        if (value instanceof BInteger) {
            return "an integer";
        }
        if (value instanceof BList) {
            return "a list";
        }
        return "a dictionary";
    }

    private static URI toUri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new TrackerException(TrackerException.Kind.UNSUPPORTED, "url: " + url
                    + " (expected: a valid URI)", e);
        }
    }

    private static TrackerException protocol(String message) {
        return new TrackerException(TrackerException.Kind.PROTOCOL, message);
    }
}

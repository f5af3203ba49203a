package org.crossnet.spi.link;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;

/**
 * An eDonkey file link, read the way aMule (src/ED2KLink.cpp) and its documentation describe it. Immutable and
 * thread-safe.
 *
 * <pre>
 * ed2k://|file|&lt;name&gt;|&lt;size&gt;|&lt;md4 hex&gt;|[h=&lt;AICH base32&gt;|][p=&lt;hex&gt;:&lt;hex&gt;…|][s=&lt;url&gt;|]/[|sources,&lt;host&gt;:&lt;port&gt;,…|/]
 * </pre>
 *
 * The type and the {@code h=}, {@code p=}, {@code s=}, {@code sources,} markers are case-insensitive; other fields
 * are skipped, as in aMule. The name is percent-decoded strictly as UTF-8 ('+' stays a plus); {@code s=} URLs are
 * kept as written. A source entry is {@code host:port[:crypt options[:user hash]]}; the crypt options and user hash
 * (protocol obfuscation) are checked and then dropped, since they are hints a client learns again on connecting.
 * The MD4 hash is not checked against the part hashes here: that needs an MD4 digest, which the JDK does not offer,
 * and the download verifies every part anyway.
 *
 * @param name        file name as given (not sanitised; storage does that), without control characters
 * @param size        1..{@value #MAX_SIZE} bytes (eMule's 256 GiB limit; ed2k has no empty files)
 * @param hash        the eD2k (MD4) file hash
 * @param aich        AICH root hash from {@code h=}, nullable
 * @param partHashes  MD4 of each 9,728,000-byte part from {@code p=}; empty, or exactly {@link #partHashCount} long
 * @param urlSources  {@code s=} HTTP/FTP URLs, never null
 * @param sources     peers from {@code |sources,…|}, at most {@value #MAX_SOURCES} distinct, IPv4 or host names
 */
public record Ed2kLink(String name, long size, Ed2kHash hash, AichRoot aich, List<Ed2kHash> partHashes,
                       List<String> urlSources, List<PeerAddress> sources) implements TransferLink {
    /** eDonkey part size; a file has one MD4 part hash per part. */
    public static final long PART_SIZE = 9_728_000L;
    /** Largest file size eMule and aMule accept: 2^38 bytes. */
    public static final long MAX_SIZE = 1L << 38;
    /**
     * Longest link accepted, in characters: room for p= on a file of {@link #MAX_SIZE} (28,257 hashes of 33
     * characters each).
     */
    public static final int MAX_LENGTH = 1 << 20;
    /** Most distinct sources, and most {@code s=} URLs, accepted. */
    public static final int MAX_SOURCES = 64;

    private static final String SHAPE = "ed2k://|file|<name>|<size>|<md4 hash>|/";
    /** Left unescaped in names besides unreserved characters: safe in the link and inside shell double quotes. */
    private static final String NAME_KEEP = "()[],;=@";

    /** @throws GatewayException INVALID_ARGUMENT for any value outside the ranges documented on the components */
    public Ed2kLink {
        LinkText.requirePrintable("name", name, "a non-empty file name");
        if (size < 1 || size > MAX_SIZE) {
            throw GatewayException.invalid("size", size, "1.." + MAX_SIZE + " bytes");
        }
        if (hash == null) {
            throw LinkText.invalid("hash", null, "32 hex characters");
        }
        partHashes = partHashes == null ? List.of() : List.copyOf(partHashes);
        if (!partHashes.isEmpty()) {
            long expected = partHashCount(size);
            if (expected == 0) {
                throw LinkText.invalid("p", partHashes.size() + " part hashes",
                        "none for a file smaller than " + PART_SIZE + " bytes");
            }
            if (partHashes.size() != expected) {
                throw LinkText.invalid("p", partHashes.size() + " part hashes",
                        expected + " for " + size + " bytes (size / " + PART_SIZE + " + 1)");
            }
        }
        urlSources = distinct("s", urlSources);
        for (String url : urlSources) {
            LinkText.requireToken("s", url, "an http or ftp URL");
            if (!LinkText.hasScheme(url) || url.indexOf('|') >= 0) {
                throw LinkText.invalid("s", url, "an http or ftp URL without '|'");
            }
        }
        sources = distinct("sources", sources);
        for (PeerAddress source : sources) {
            if (source.host().indexOf(':') >= 0) {
                throw LinkText.invalid("sources", source.toString(), "an IPv4 address or host name (ed2k has no IPv6)");
            }
        }
    }

    /**
     * How many part hashes a file of this size has: {@code size / PART_SIZE + 1} from one part size up (a file of
     * exactly n parts has an extra hash of the empty last part), none below it, where the file hash is the one part's.
     */
    public static long partHashCount(long size) {
        return size >= PART_SIZE ? size / PART_SIZE + 1 : 0;
    }

    /**
     * Parses an ed2k file link.
     *
     * @throws GatewayException INVALID_ARGUMENT reading {@code "field: value (expected: …)"}
     */
    public static Ed2kLink parse(String link) {
        List<String> f = Ed2kUri.fields(link, MAX_LENGTH);
        if (!Ed2kUri.isType(f.get(0), "file")) {
            throw LinkText.invalid("link", link, "an ed2k file link, " + SHAPE);
        }
        if (f.size() < 5 || f.subList(1, 4).contains("/")) {
            throw LinkText.invalid("link", link, SHAPE);
        }
        String name = LinkText.percentDecode("name", f.get(1), false);
        String sizeText = f.get(2);
        if (!LinkText.isDecimal(sizeText) || sizeText.length() > 18) {
            throw LinkText.invalid("size", sizeText, "a decimal size of 1.." + MAX_SIZE + " bytes");
        }
        String hashText = f.get(3);
        if (!LinkText.isHex(hashText, 32)) {
            throw LinkText.invalid("hash", hashText, "32 hex characters");
        }
        AichRoot aich = null;
        List<Ed2kHash> parts = null;
        List<String> urls = new ArrayList<>();
        int end = f.indexOf("/");
        for (String field : f.subList(4, end)) {
            if (LinkText.startsWithIgnoreCase(field, "h=")) {
                AichRoot next = aichRoot(field.substring(2));
                if (aich != null && !aich.equals(next)) {
                    throw LinkText.invalid("h", field.substring(2), "the same AICH root as the earlier h= (" + aich
                            + ")");
                }
                aich = next;
            } else if (LinkText.startsWithIgnoreCase(field, "p=")) {
                List<Ed2kHash> next = partHashes(field.substring(2));
                if (parts != null && !parts.equals(next)) {
                    throw LinkText.invalid("p", field.substring(2), "the same part hashes as the earlier p=");
                }
                parts = next;
            } else if (LinkText.startsWithIgnoreCase(field, "s=")) {
                bounded(urls, field.substring(2), "s");
            }
        }
        List<PeerAddress> sources = new ArrayList<>();
        for (String field : f.subList(end + 1, f.size())) {
            if (LinkText.startsWithIgnoreCase(field, "sources,")) {
                for (String entry : field.substring("sources,".length()).split(",", -1)) {
                    bounded(sources, source(entry), "sources");
                }
            }
        }
        return new Ed2kLink(name, Long.parseLong(sizeText), new Ed2kHash(Bytes.fromHex(hashText)), aich, parts,
                urls, sources);
    }

    /**
     * An ed2k link for known content, with its AICH root when known; no part hashes, as a ContentId holds none.
     *
     * @param sources nullable
     * @throws GatewayException INVALID_ARGUMENT when the content lacks an ed2k hash, a name or a size
     */
    public static Ed2kLink from(ContentId content, List<PeerAddress> sources) {
        if (content == null) {
            throw LinkText.invalid("content", null, "a content id");
        }
        if (content.ed2k() == null) {
            throw LinkText.invalid("content", content.toString(), "an ed2k hash");
        }
        if (!content.sizeKnown()) {
            throw LinkText.invalid("content", content.toString(), "a known size (ed2k links carry one)");
        }
        if (content.name() == null || content.name().isEmpty()) {
            throw LinkText.invalid("content", content.toString(), "a name (ed2k links carry one)");
        }
        return new Ed2kLink(content.name(), content.size(), content.ed2k(), content.aich(), List.of(), List.of(),
                sources);
    }

    /** Size, name, the ed2k hash and the AICH root when known. */
    @Override
    public ContentId toContentId() {
        return new ContentId(size, name, null, hash, aich, null, null);
    }

    /** The {@link #sources}. */
    @Override
    public List<PeerAddress> peers() {
        return sources;
    }

    /** None: eDonkey has servers and Kad, not trackers. */
    @Override
    public List<String> trackers() {
        return List.of();
    }

    /**
     * The canonical text: hashes in uppercase hex as eMule writes them, then h=, p=, s= and the sources. The name is
     * percent-encoded as UTF-8; everything but letters, digits, {@code -._~()[],;=@} is escaped, so '|', '/', '%',
     * spaces, '&amp;' and '+' never appear raw.
     */
    @Override
    public String format() {
        StringBuilder sb = new StringBuilder(64 + name.length() * 3 + partHashes.size() * 33);
        sb.append("ed2k://|file|").append(LinkText.percentEncode(name, NAME_KEEP)).append('|').append(size)
                .append('|').append(upperHex(hash.bytes())).append('|');
        if (aich != null) {
            sb.append("h=").append(aich.bytes().base32()).append('|');
        }
        if (!partHashes.isEmpty()) {
            sb.append("p=");
            for (int i = 0; i < partHashes.size(); i++) {
                sb.append(i == 0 ? "" : ":").append(upperHex(partHashes.get(i).bytes()));
            }
            sb.append('|');
        }
        urlSources.forEach(url -> sb.append("s=").append(url).append('|'));
        sb.append('/');
        if (!sources.isEmpty()) {
            sb.append("|sources");
            sources.forEach(s -> sb.append(',').append(s));
            sb.append("|/");
        }
        return sb.toString();
    }

    private static String upperHex(Bytes bytes) {
        return bytes.hex().toUpperCase(Locale.ROOT);
    }

    // h=<32 base32>: 160 bits, the 20-byte SHA-1 AICH root
    private static AichRoot aichRoot(String text) {
        if (!LinkText.isBase32(text, 32)) {
            throw LinkText.invalid("h", text, "32 base32 characters (a 20-byte AICH root)");
        }
        return new AichRoot(Bytes.fromBase32(text));
    }

    // p=<32 hex>[:<32 hex>…]
    private static List<Ed2kHash> partHashes(String text) {
        List<Ed2kHash> parts = new ArrayList<>();
        for (String part : text.split(":", -1)) {
            if (!LinkText.isHex(part, 32)) {
                throw LinkText.invalid("p", part, "32 hex characters per part hash, joined by ':'");
            }
            parts.add(new Ed2kHash(Bytes.fromHex(part)));
        }
        return parts;
    }

    // <host>:<port>[:<crypt options 0..255>[:<32 hex user hash>]]; the user hash is required when bit 0x80 is set
    private static PeerAddress source(String entry) {
        String[] parts = entry.split(":", -1);
        if (parts.length < 2 || parts.length > 4) {
            throw LinkText.invalid("sources", entry, "host:port[:crypt options[:user hash]]");
        }
        if (parts[0].isEmpty()) {
            throw LinkText.invalid("sources", entry, "host:port with a non-empty host");
        }
        PeerAddress.requireHost("sources", parts[0]);
        int port = PeerAddress.parsePort("sources", entry, parts[1]);
        if (parts.length >= 3) {
            String crypt = parts[2];
            if (!LinkText.isDecimal(crypt) || crypt.length() > 3 || Integer.parseInt(crypt) > 255) {
                throw LinkText.invalid("sources", entry, "crypt options 0..255 after the port");
            }
            if ((Integer.parseInt(crypt) & 0x80) != 0 && parts.length < 4) {
                throw LinkText.invalid("sources", entry, "a user hash after crypt options with bit 0x80 set");
            }
            if (parts.length == 4 && !LinkText.isHex(parts[3], 32)) {
                throw LinkText.invalid("sources", entry, "a user hash of 32 hex characters");
            }
        }
        return new PeerAddress(parts[0], port);
    }

    /** Stops far past the limit so a long link cannot build a large list; the record checks the distinct count. */
    private static <T> void bounded(List<T> list, T value, String field) {
        if (list.size() >= MAX_SOURCES * 4) {
            throw LinkText.invalid(field, "more than " + list.size() + " values", "at most " + MAX_SOURCES);
        }
        list.add(value);
    }

    private static <T> List<T> distinct(String field, List<T> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        for (T value : values) {
            if (value == null) {
                throw LinkText.invalid(field, null, "no null entries");
            }
        }
        Set<T> set = new LinkedHashSet<>(values);
        if (set.size() > MAX_SOURCES) {
            throw LinkText.invalid(field, set.size() + " distinct values", "at most " + MAX_SOURCES);
        }
        return List.copyOf(set);
    }
}

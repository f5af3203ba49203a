package org.crossnet.spi.link;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * A magnet URI naming one piece of content by one or more identities. Follows the Magnet-URI draft
 * (magnet-uri.sourceforge.net) and BEP 9 ({@code magnet:?xt=urn:btih:<info-hash>&dn=<name>&tr=<tracker>&x.pe=<peer>}).
 * Immutable and thread-safe.
 *
 * <p>Parsing reads these parameters, each also with a numeric suffix ({@code xt.1}, {@code tr.2}); keys are
 * case-insensitive and others ({@code kt}, {@code mt}, {@code ws}, {@code so}, {@code x.*}) are ignored:
 * <ul>
 *   <li>{@code xt}: {@code urn:btih:} (40 hex or 32 base32), {@code urn:sha1:} (32 base32 or 40 hex),
 *       {@code urn:ed2k:} and {@code urn:ed2khash:} (32 hex), {@code urn:tree:tiger:} and its {@code tiger/:} and
 *       {@code tiger/1024:} spellings (39 base32), {@code urn:bitprint:<sha1>.<tth>}. Other URNs are ignored, but
 *       at least one must be recognised. A repeated identity must be equal; two different ones are rejected, as a
 *       magnet names one content.</li>
 *   <li>{@code dn} display name; {@code '+'} is read as a space (the HTML form convention many producers use),
 *       so a literal plus must be sent as {@code %2B}, as {@link #format} does. An empty dn counts as absent.</li>
 *   <li>{@code xl} exact length in bytes; {@code tr} trackers; {@code x.pe} peers ({@code host:port});
 *       {@code as} acceptable sources; {@code xs} exact sources. Lists keep first-seen order and drop repeats.</li>
 * </ul>
 * Percent escapes are decoded strictly as UTF-8. Limits: {@value #MAX_LENGTH} characters in all, {@value #MAX_ENTRIES}
 * distinct entries per list. AICH roots have no magnet URN in common use, so they travel only in {@link Ed2kLink}.
 *
 * @param sha1              urn:sha1, nullable
 * @param ed2k              urn:ed2k, nullable
 * @param tth               urn:tree:tiger, nullable
 * @param btih              urn:btih, nullable; at least one of the four identities is present
 * @param displayName       dn, nullable, never empty and without control characters
 * @param exactLength       xl in bytes, or {@link ContentId#UNKNOWN_SIZE}
 * @param trackers          tr URLs, never null
 * @param peers             x.pe addresses, never null
 * @param acceptableSources as URLs, never null
 * @param exactSources      xs URLs or URNs, never null
 */
public record MagnetLink(Sha1 sha1, Ed2kHash ed2k, TigerTreeRoot tth, InfoHash btih, String displayName,
                         long exactLength, List<String> trackers, List<PeerAddress> peers,
                         List<String> acceptableSources, List<String> exactSources) implements TransferLink {
    /** Longest magnet accepted, in characters. */
    public static final int MAX_LENGTH = 65_536;
    /** Most distinct trackers, peers, acceptable or exact sources accepted, each. */
    public static final int MAX_ENTRIES = 64;

    private static final String PREFIX = "magnet:?";
    private static final Pattern KEY = Pattern.compile("(xt|dn|xl|tr|as|xs|x\\.pe)(?:\\.[0-9]{1,4})?");
    /** Left unescaped in values besides unreserved characters: legal in a query and meaningless to our parser. */
    private static final String VALUE_KEEP = ":/@!$'()*,;?";
    private static final String XT_EXPECTED =
            "at least one of urn:btih, urn:sha1, urn:ed2k, urn:ed2khash, urn:tree:tiger, urn:bitprint";
    private static final String URL_EXPECTED = "an absolute URL such as udp://host:port/announce";

    /**
     * @throws GatewayException INVALID_ARGUMENT when no identity is present, a value is malformed or a list is longer
     *                          than {@value #MAX_ENTRIES}
     */
    public MagnetLink {
        if (sha1 == null && ed2k == null && tth == null && btih == null) {
            throw LinkText.invalid("xt", "none", XT_EXPECTED);
        }
        if (exactLength < ContentId.UNKNOWN_SIZE) {
            throw LinkText.invalid("xl", Long.toString(exactLength), "a length of 0 or more bytes");
        }
        if (displayName != null) {
            LinkText.requirePrintable("dn", displayName, "a non-empty display name");
        }
        trackers = distinct("tr", trackers, t -> requireUrl("tr", t));
        peers = distinct("x.pe", peers, p -> {
            if (p == null) {
                throw LinkText.invalid("x.pe", null, "host:port");
            }
            return p;
        });
        acceptableSources = distinct("as", acceptableSources, a -> requireUrl("as", a));
        exactSources = distinct("xs", exactSources, x -> requireUrl("xs", x));
    }

    /**
     * Parses a magnet URI (see the class comment for what is read).
     *
     * @throws GatewayException INVALID_ARGUMENT reading {@code "field: value (expected: …)"}
     */
    public static MagnetLink parse(String link) {
        if (link == null) {
            throw LinkText.invalid("link", null, "a magnet URI");
        }
        if (link.length() > MAX_LENGTH) {
            throw LinkText.invalid("link", link.length() + " characters", "at most " + MAX_LENGTH + " characters");
        }
        if (!LinkText.startsWithIgnoreCase(link, PREFIX)) {
            throw LinkText.invalid("link", link, "a magnet URI starting with magnet:?");
        }
        Parsed p = new Parsed();
        for (String param : link.substring(PREFIX.length()).split("&", -1)) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            if (eq < 0) {
                throw LinkText.invalid("magnet parameter", param, "key=value");
            }
            String key = LinkText.percentDecode("magnet parameter", param.substring(0, eq), false)
                    .toLowerCase(Locale.ROOT);
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String field = m.group(1);
            String value = LinkText.percentDecode(field, param.substring(eq + 1), field.equals("dn"));
            p.accept(field, value);
        }
        return p.build();
    }

    /**
     * A magnet for known content: an xt for every identity present (btih hex, sha1 base32, ed2k hex, tth base32),
     * dn from the name and xl from a known size. The AICH root is left out (see the class comment).
     *
     * @param trackers nullable
     * @param peers    nullable
     * @throws GatewayException INVALID_ARGUMENT when the content has no identity a magnet can carry
     */
    public static MagnetLink from(ContentId content, List<String> trackers, List<PeerAddress> peers) {
        if (content == null) {
            throw LinkText.invalid("content", null, "a content id");
        }
        if (content.sha1() == null && content.ed2k() == null && content.tth() == null && content.btih() == null) {
            throw LinkText.invalid("content", content.toString(),
                    "at least one of sha1, ed2k, tth, btih (an AICH root travels only in ed2k links)");
        }
        String name = content.name() == null || content.name().isEmpty() ? null : content.name();
        return new MagnetLink(content.sha1(), content.ed2k(), content.tth(), content.btih(), name, content.size(),
                trackers, peers, List.of(), List.of());
    }

    /** Size from xl (or {@link ContentId#UNKNOWN_SIZE}), name from dn, and every identity; no AICH. */
    @Override
    public ContentId toContentId() {
        return new ContentId(exactLength, displayName, sha1, ed2k, null, tth, btih);
    }

    /**
     * The canonical text: xt (btih, sha1, ed2k, tiger tree), dn, xl, then tr, x.pe, as, xs in order. Values are
     * percent-encoded as UTF-8, a space as {@code %20} and a plus as {@code %2B}.
     */
    @Override
    public String format() {
        List<String> params = new ArrayList<>();
        if (btih != null) {
            params.add("xt=urn:btih:" + btih.bytes().hex());
        }
        if (sha1 != null) {
            params.add("xt=urn:sha1:" + sha1.bytes().base32());
        }
        if (ed2k != null) {
            params.add("xt=urn:ed2k:" + ed2k.bytes().hex());
        }
        if (tth != null) {
            params.add("xt=urn:tree:tiger:" + tth.bytes().base32());
        }
        if (displayName != null) {
            params.add("dn=" + LinkText.percentEncode(displayName, VALUE_KEEP));
        }
        if (exactLength != ContentId.UNKNOWN_SIZE) {
            params.add("xl=" + exactLength);
        }
        trackers.forEach(t -> params.add("tr=" + LinkText.percentEncode(t, VALUE_KEEP)));
        peers.forEach(p -> params.add("x.pe=" + LinkText.percentEncode(p.toString(), VALUE_KEEP)));
        acceptableSources.forEach(a -> params.add("as=" + LinkText.percentEncode(a, VALUE_KEEP)));
        exactSources.forEach(x -> params.add("xs=" + LinkText.percentEncode(x, VALUE_KEEP)));
        return PREFIX + String.join("&", params);
    }

    private static String requireUrl(String field, String url) {
        LinkText.requireToken(field, url, URL_EXPECTED);
        if (!LinkText.hasScheme(url)) {
            throw LinkText.invalid(field, url, URL_EXPECTED);
        }
        return url;
    }

    private static <T> List<T> distinct(String field, List<T> values, Function<T, T> check) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        Set<T> set = new LinkedHashSet<>();
        for (T value : values) {
            set.add(check.apply(value));
        }
        if (set.size() > MAX_ENTRIES) {
            throw LinkText.invalid(field, set.size() + " distinct values", "at most " + MAX_ENTRIES);
        }
        return List.copyOf(set);
    }

    /** Parameters gathered while reading, checked for conflicts as they arrive. */
    private static final class Parsed {
        private Sha1 sha1;
        private Ed2kHash ed2k;
        private TigerTreeRoot tth;
        private InfoHash btih;
        private String name;
        private long length = ContentId.UNKNOWN_SIZE;
        private String firstUnknownXt;
        private final List<String> trackers = new ArrayList<>();
        private final List<PeerAddress> peers = new ArrayList<>();
        private final List<String> acceptable = new ArrayList<>();
        private final List<String> exact = new ArrayList<>();

        void accept(String field, String value) {
            switch (field) {
                case "xt" -> exactTopic(value);
                case "dn" -> displayName(value);
                case "xl" -> exactLength(value);
                case "tr" -> add(trackers, value, field);
                case "x.pe" -> add(peers, PeerAddress.parse("x.pe", value), field);
                case "as" -> add(acceptable, value, field);
                case "xs" -> add(exact, value, field);
                default -> throw new IllegalStateException("unmatched magnet key " + field);
            }
        }

        /**
         * Stops early on lists far past the limit so a long magnet cannot build a large list; the exact distinct
         * count is checked by the record.
         */
        private <T> void add(List<T> list, T value, String field) {
            if (list.size() >= MAX_ENTRIES * 4) {
                throw LinkText.invalid(field, "more than " + list.size() + " values", "at most " + MAX_ENTRIES);
            }
            list.add(value);
        }

        private void displayName(String value) {
            if (value.isEmpty()) {
                return;
            }
            LinkText.requirePrintable("dn", value, "a display name");
            if (name != null && !name.equals(value)) {
                throw LinkText.invalid("dn", value, "the same name as the earlier dn (" + LinkText.shown(name) + ")");
            }
            name = value;
        }

        private void exactLength(String value) {
            long parsed;
            try {
                if (!LinkText.isDecimal(value) || value.length() > 19) {
                    throw new NumberFormatException();
                }
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw LinkText.invalid("xl", value, "a decimal length of 0.." + Long.MAX_VALUE + " bytes");
            }
            if (length != ContentId.UNKNOWN_SIZE && length != parsed) {
                throw LinkText.invalid("xl", value, "the same length as the earlier xl (" + length + ")");
            }
            length = parsed;
        }

        // xt forms: urn:btih:<40 hex | 32 base32>, urn:sha1:<32 base32 | 40 hex>, urn:ed2k[hash]:<32 hex>,
        // urn:tree:tiger[/|/1024]:<39 base32>, urn:bitprint:<32 base32>.<39 base32>
        private void exactTopic(String xt) {
            if (LinkText.startsWithIgnoreCase(xt, "urn:btih:")) {
                String v = xt.substring(9);
                if (!LinkText.isHex(v, 40) && !LinkText.isBase32(v, 32)) {
                    throw LinkText.invalid("xt", xt, "40 hex or 32 base32 characters");
                }
                btih = same(btih, new InfoHash(Bytes.fromBase32OrHex(v)), xt);
            } else if (LinkText.startsWithIgnoreCase(xt, "urn:sha1:")) {
                String v = xt.substring(9);
                if (!LinkText.isHex(v, 40) && !LinkText.isBase32(v, 32)) {
                    throw LinkText.invalid("xt", xt, "32 base32 or 40 hex characters");
                }
                sha1 = same(sha1, new Sha1(Bytes.fromBase32OrHex(v)), xt);
            } else if (LinkText.startsWithIgnoreCase(xt, "urn:ed2k:")
                    || LinkText.startsWithIgnoreCase(xt, "urn:ed2khash:")) {
                String v = xt.substring(xt.indexOf(':', 4) + 1);
                if (!LinkText.isHex(v, 32)) {
                    throw LinkText.invalid("xt", xt, "32 hex characters");
                }
                ed2k = same(ed2k, new Ed2kHash(Bytes.fromHex(v)), xt);
            } else if (LinkText.startsWithIgnoreCase(xt, "urn:tree:tiger:")
                    || LinkText.startsWithIgnoreCase(xt, "urn:tree:tiger/:")
                    || LinkText.startsWithIgnoreCase(xt, "urn:tree:tiger/1024:")) {
                tth = same(tth, tiger(xt, xt.substring(xt.indexOf(':', 9) + 1), "39 base32 characters"), xt);
            } else if (LinkText.startsWithIgnoreCase(xt, "urn:bitprint:")) {
                String v = xt.substring(13);
                String expected = "32 base32 characters, '.', 39 base32 characters (sha1.tth)";
                int dot = v.indexOf('.');
                if (dot != 32 || !LinkText.isBase32(v.substring(0, dot), 32)) {
                    throw LinkText.invalid("xt", xt, expected);
                }
                Sha1 s = new Sha1(Bytes.fromBase32(v.substring(0, dot)));
                TigerTreeRoot t = tiger(xt, v.substring(dot + 1), expected);
                sha1 = same(sha1, s, xt);
                tth = same(tth, t, xt);
            } else if (firstUnknownXt == null) {
                firstUnknownXt = xt;
            }
        }

        private static TigerTreeRoot tiger(String xt, String v, String expected) {
            if (!LinkText.isBase32(v, 39)) {
                throw LinkText.invalid("xt", xt, expected);
            }
            try {
                return new TigerTreeRoot(Bytes.fromBase32(v));
            } catch (IllegalArgumentException e) {
                // 39 characters carry 195 bits for 192: the last character's 3 spare bits must be zero.
                throw LinkText.invalid("xt", xt, expected + " in canonical form (spare bits of the last one zero)");
            }
        }

        private static <T extends ContentHash> T same(T earlier, T next, String xt) {
            if (earlier != null && !earlier.equals(next)) {
                throw LinkText.invalid("xt", xt, "the same identity as the earlier " + earlier
                        + " (one magnet names one content)");
            }
            return next;
        }

        MagnetLink build() {
            if (sha1 == null && ed2k == null && tth == null && btih == null) {
                throw LinkText.invalid("xt", firstUnknownXt == null ? "none" : firstUnknownXt, XT_EXPECTED);
            }
            return new MagnetLink(sha1, ed2k, tth, btih, name, length, trackers, peers, acceptable, exact);
        }
    }
}

package org.crossnet.spi.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MagnetLinkTest {
    // Digests of the 11-byte file "hello world", computed with RHash 1.4.3 (rhash --sha1 --tth --ed2k --btih).
    static final String SHA1_B32 = "FKXGYNOJJ7H3IFO35FPUBC445EPOQRXN";
    static final String SHA1_HEX = "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed";
    static final String TTH = "ZIIVRZDR2FD3W4KKNMNYUU3765LPPK7BWY64CHI";
    static final String ED2K = "aa010fbc1d14c795d86ef98c95479d17";
    static final String BTIH = "3cdc4b359664b1b5f33ed00388aab14f1f70776d";
    // The example of the Gnutella HUGE specification (urn:sha1, 32 base32 characters).
    static final String HUGE = "PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB";

    private static GatewayException rejected(String link) {
        try {
            MagnetLink.parse(link);
        } catch (GatewayException e) {
            assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
            return e;
        }
        throw new AssertionError("accepted: " + link);
    }

    @Test
    void parsesHugeSha1Example() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:sha1:" + HUGE + "&dn=Round%20Robin.mp3");

        assertThat(m.sha1()).isEqualTo(Sha1.parse(HUGE));
        assertThat(m.displayName()).isEqualTo("Round Robin.mp3");
        assertThat(m.exactLength()).isEqualTo(ContentId.UNKNOWN_SIZE);
        assertThat(m.btih()).isNull();
        assertThat(m.toContentId()).isEqualTo(new ContentId(ContentId.UNKNOWN_SIZE, "Round Robin.mp3",
                Sha1.parse(HUGE), null, null, null, null));
    }

    @Test
    void parsesBep9Shape() {
        // BEP 9: magnet:?xt=urn:btih:<info-hash>&dn=<name>&tr=<tracker-url>&x.pe=<peer-address>
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + BTIH.toUpperCase()
                + "&dn=hello.txt&tr=http%3A%2F%2Ftracker.example.org%3A6969%2Fannounce&x.pe=192.0.2.7:6881");

        assertThat(m.btih()).isEqualTo(InfoHash.parse(BTIH));
        assertThat(m.displayName()).isEqualTo("hello.txt");
        assertThat(m.trackers()).containsExactly("http://tracker.example.org:6969/announce");
        assertThat(m.peers()).containsExactly(new PeerAddress("192.0.2.7", 6881));
        assertThat(m.toContentId().btih()).isEqualTo(InfoHash.parse(BTIH));
    }

    @Test
    void parsesRhashMagnetWithAllIdentitiesAndEscapedName() {
        // Output of `rhash --magnet --sha1 --tth --ed2k --btih 'a b&c|d+é.txt'` (RHash 1.4.3), lowercase escapes.
        MagnetLink m = MagnetLink.parse("magnet:?xl=11&dn=a%20b%26c%7cd%2b%c3%a9.txt&xt=urn:sha1:"
                + SHA1_B32.toLowerCase() + "&xt=urn:tree:tiger:" + TTH.toLowerCase() + "&xt=urn:btih:" + BTIH
                + "&xt=urn:ed2k:" + ED2K);

        assertThat(m.displayName()).isEqualTo("a b&c|d+é.txt");
        assertThat(m.toContentId()).isEqualTo(new ContentId(11, "a b&c|d+é.txt", Sha1.parse(SHA1_B32),
                Ed2kHash.parse(ED2K), null, TigerTreeRoot.parse(TTH), InfoHash.parse(BTIH)));
    }

    @Test
    void ignoresUnknownUrnsAndKeysBesideARecognisedOne() {
        // The tail of `rhash --magnet -a` output: many URNs nobody else reads, plus kt/mt/ws keys.
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:crc32:0d4a1185&xt=urn:md4:" + ED2K
                + "&xt=urn:aich:" + SHA1_B32 + "&xt=urn:sha1:" + SHA1_B32 + "&kt=hello+world&mt=x&ws=http://w/x"
                + "&so=0-3&x.foo=1");

        assertThat(m.toContentId().hashes()).containsExactly(Sha1.parse(SHA1_B32));
    }

    static Stream<Arguments> xtForms() {
        Sha1 sha1 = Sha1.parse(SHA1_B32);
        TigerTreeRoot tth = TigerTreeRoot.parse(TTH);
        InfoHash btih = InfoHash.parse(BTIH);
        Ed2kHash ed2k = Ed2kHash.parse(ED2K);
        return Stream.of(
                Arguments.of("urn:btih:" + BTIH, btih),
                Arguments.of("urn:btih:" + BTIH.toUpperCase(), btih),
                Arguments.of("urn:btih:" + btih.bytes().base32(), btih),
                Arguments.of("urn:btih:" + btih.bytes().base32().toLowerCase(), btih),
                Arguments.of("URN:BTIH:" + BTIH, btih),
                Arguments.of("urn:sha1:" + SHA1_B32, sha1),
                Arguments.of("urn:sha1:" + SHA1_HEX, sha1),
                Arguments.of("urn:ed2k:" + ED2K, ed2k),
                Arguments.of("urn:ed2khash:" + ED2K.toUpperCase(), ed2k),
                Arguments.of("urn:tree:tiger:" + TTH, tth),
                Arguments.of("urn:tree:tiger/:" + TTH, tth),
                Arguments.of("urn:tree:tiger/1024:" + TTH.toLowerCase(), tth),
                Arguments.of("urn%3Atree%3Atiger%3A" + TTH, tth));
    }

    @ParameterizedTest
    @MethodSource("xtForms")
    void readsEveryXtForm(String xt, ContentHash expected) {
        assertThat(MagnetLink.parse("magnet:?xt=" + xt).toContentId().hashes()).containsExactly(expected);
    }

    @Test
    void splitsBitprintIntoSha1AndTigerTree() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:bitprint:" + SHA1_B32 + "." + TTH);

        assertThat(m.sha1()).isEqualTo(Sha1.parse(SHA1_B32));
        assertThat(m.tth()).isEqualTo(TigerTreeRoot.parse(TTH));
    }

    @Test
    void acceptsIdenticalDuplicatesInAnyFormAndNumberedKeys() {
        MagnetLink m = MagnetLink.parse("magnet:?xt.1=urn:sha1:" + SHA1_B32 + "&xt.2=urn:sha1:" + SHA1_HEX
                + "&xt=urn:bitprint:" + SHA1_B32 + "." + TTH + "&xt=urn:tree:tiger/:" + TTH
                + "&tr.1=udp://a.example:1/announce&tr.2=udp://b.example:2/announce&tr=udp://a.example:1/announce"
                + "&dn=x&dn=x&xl=5&xl=5&XL=5");

        assertThat(m.sha1()).isEqualTo(Sha1.parse(SHA1_B32));
        assertThat(m.tth()).isEqualTo(TigerTreeRoot.parse(TTH));
        assertThat(m.trackers()).containsExactly("udp://a.example:1/announce", "udp://b.example:2/announce");
        assertThat(m.exactLength()).isEqualTo(5);
    }

    @Test
    void readsPlusInDnAsSpaceButNotElsewhere() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:sha1:" + HUGE + "&dn=My+Song%2B1.mp3"
                + "&tr=http://t.example/a+b&as=http://s.example/x+y");

        assertThat(m.displayName()).isEqualTo("My Song+1.mp3");
        assertThat(m.trackers()).containsExactly("http://t.example/a+b");
        assertThat(m.acceptableSources()).containsExactly("http://s.example/x+y");
    }

    @Test
    void readsSourcesAndPeersIncludingIpv6() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:sha1:" + HUGE + "&as=http%3A%2F%2Fmirror.example%2Ff"
                + "&xs=http://cache.example:8080/uri-res/N2R?urn:sha1:" + HUGE
                + "&x.pe=%5B2001:db8::1%5D:6881&x.pe=peer.example:51413&x.pe=peer.example:51413");

        assertThat(m.acceptableSources()).containsExactly("http://mirror.example/f");
        assertThat(m.exactSources()).containsExactly("http://cache.example:8080/uri-res/N2R?urn:sha1:" + HUGE);
        assertThat(m.peers()).containsExactly(new PeerAddress("2001:db8::1", 6881),
                new PeerAddress("peer.example", 51413));
    }

    @Test
    void keepsPathTraversalLookingNamesAsGiven() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:sha1:" + HUGE + "&dn=..%2F..%2Fetc%2Fpasswd");

        assertThat(m.displayName()).isEqualTo("../../etc/passwd");
    }

    @Test
    void emptyDnCountsAsAbsentAndEmptyParametersAreSkipped() {
        MagnetLink m = MagnetLink.parse("magnet:?&&xt=urn:sha1:" + HUGE + "&dn=&");

        assertThat(m.displayName()).isNull();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 274_877_906_944L, Long.MAX_VALUE})
    void readsAnyNonNegativeXl(long xl) {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:sha1:" + HUGE + "&xl=" + xl);

        assertThat(m.exactLength()).isEqualTo(xl);
        assertThat(m.toContentId().size()).isEqualTo(xl);
    }

    static Stream<Arguments> rejections() {
        String ok = "xt=urn:sha1:" + HUGE;
        String btih2 = "0123456789abcdef0123456789abcdef01234567";
        return Stream.of(
                Arguments.of(null, "link: null (expected: a magnet URI)"),
                Arguments.of("http://example.com/?xt=urn:sha1:" + HUGE, "(expected: a magnet URI starting with magnet:?)"),
                Arguments.of("magnet:xt=urn:sha1:" + HUGE, "(expected: a magnet URI starting with magnet:?)"),
                Arguments.of("magnet:?", "xt: none (expected: at least one of urn:btih"),
                Arguments.of("magnet:?dn=only-a-name&xl=5", "xt: none (expected:"),
                Arguments.of("magnet:?xt=urn:md5:5eb63bbbe01eeed093cb22bb8f5acdc3",
                        "xt: urn:md5:5eb63bbbe01eeed093cb22bb8f5acdc3 (expected: at least one of urn:btih"),
                Arguments.of("magnet:?xt=urn:btih:XYZ", "xt: urn:btih:XYZ (expected: 40 hex or 32 base32 characters)"),
                Arguments.of("magnet:?xt=urn:btih:" + BTIH + "0", "(expected: 40 hex or 32 base32 characters)"),
                Arguments.of("magnet:?xt=urn:btih:" + BTIH.substring(1) + "g",
                        "(expected: 40 hex or 32 base32 characters)"),
                Arguments.of("magnet:?xt=urn:btih:" + HUGE.substring(1) + "1",
                        "(expected: 40 hex or 32 base32 characters)"),
                Arguments.of("magnet:?xt=urn:sha1:" + HUGE.substring(1),
                        "xt: urn:sha1:" + HUGE.substring(1) + " (expected: 32 base32 or 40 hex characters)"),
                Arguments.of("magnet:?xt=urn:ed2k:" + ED2K.substring(2), "(expected: 32 hex characters)"),
                Arguments.of("magnet:?xt=urn:ed2khash:" + SHA1_B32, "(expected: 32 hex characters)"),
                Arguments.of("magnet:?xt=urn:tree:tiger:" + TTH.substring(1), "(expected: 39 base32 characters)"),
                Arguments.of("magnet:?xt=urn:tree:tiger:" + TTH.substring(0, 38) + "J",
                        "(expected: 39 base32 characters in canonical form"),
                Arguments.of("magnet:?xt=urn:bitprint:" + SHA1_B32 + TTH,
                        "(expected: 32 base32 characters, '.', 39 base32 characters (sha1.tth))"),
                Arguments.of("magnet:?xt=urn:bitprint:" + SHA1_B32 + "." + TTH + "A", "(sha1.tth))"),
                Arguments.of("magnet:?xt=urn:btih:" + BTIH + "&xt=urn:btih:" + btih2,
                        "xt: urn:btih:" + btih2 + " (expected: the same identity as the earlier btih:" + BTIH),
                Arguments.of("magnet:?xt=urn:sha1:" + HUGE + "&xt=urn:bitprint:" + SHA1_B32 + "." + TTH,
                        "(expected: the same identity as the earlier sha1:" + HUGE),
                Arguments.of("magnet:?" + ok + "&xl=-1", "xl: -1 (expected: a decimal length of 0..9223372036854775807"),
                Arguments.of("magnet:?" + ok + "&xl=-5", "xl: -5 (expected: a decimal length"),
                Arguments.of("magnet:?" + ok + "&xl=9223372036854775808", "xl: 9223372036854775808 (expected:"),
                Arguments.of("magnet:?" + ok + "&xl=99999999999999999999999", "xl: 99999999999999999999999"),
                Arguments.of("magnet:?" + ok + "&xl=1e6", "xl: 1e6 (expected:"),
                Arguments.of("magnet:?" + ok + "&xl=", "xl: (empty) (expected:"),
                Arguments.of("magnet:?" + ok + "&xl=%2B5", "xl: +5 (expected:"),
                Arguments.of("magnet:?" + ok + "&xl=1&xl=2", "xl: 2 (expected: the same length as the earlier xl (1))"),
                Arguments.of("magnet:?" + ok + "&dn=a&dn=b", "dn: b (expected: the same name as the earlier dn (a))"),
                Arguments.of("magnet:?" + ok + "&dn=a%", "dn: a% (expected: '%' followed by two hex digits, at offset 1)"),
                Arguments.of("magnet:?" + ok + "&dn=a%4", "(expected: '%' followed by two hex digits"),
                Arguments.of("magnet:?" + ok + "&dn=a%zz", "(expected: '%' followed by two hex digits"),
                Arguments.of("magnet:?" + ok + "&dn=%C3", "dn: %C3 (expected: percent escapes forming valid UTF-8)"),
                Arguments.of("magnet:?" + ok + "&dn=%FF%FE", "(expected: percent escapes forming valid UTF-8)"),
                Arguments.of("magnet:?" + ok + "&dn=%C0%AF", "(expected: percent escapes forming valid UTF-8)"),
                Arguments.of("magnet:?" + ok + "&dn=a%00b", "dn: a\\u0000b (expected: a display name, without control"),
                Arguments.of("magnet:?" + ok + "&dn=a%0Ab", "dn: a\\u000Ab (expected:"),
                Arguments.of("magnet:?" + ok + "&dn=a%7Fb", "without control characters"),
                Arguments.of("magnet:?" + ok + "&dn=a%C2%85b", "without control characters"),
                Arguments.of("magnet:?" + ok + "&tr=not-a-url", "tr: not-a-url (expected: an absolute URL"),
                Arguments.of("magnet:?" + ok + "&tr=", "tr: (empty) (expected: an absolute URL"),
                Arguments.of("magnet:?" + ok + "&tr=http://a%20b/", "tr: http://a b/ (expected: an absolute URL"),
                Arguments.of("magnet:?" + ok + "&tr=http://a/%0D%0A", "without control characters"),
                Arguments.of("magnet:?" + ok + "&as=/relative/path", "as: /relative/path (expected: an absolute URL"),
                Arguments.of("magnet:?" + ok + "&xs=", "xs: (empty)"),
                Arguments.of("magnet:?" + ok + "&x.pe=host", "x.pe: host (expected: host:port)"),
                Arguments.of("magnet:?" + ok + "&x.pe=host:0", "x.pe: host:0 (expected: a port 1..65535)"),
                Arguments.of("magnet:?" + ok + "&x.pe=host:65536", "(expected: a port 1..65535)"),
                Arguments.of("magnet:?" + ok + "&x.pe=host:http", "(expected: a decimal port 1..65535)"),
                Arguments.of("magnet:?" + ok + "&x.pe=:6881", "(expected: host:port with a non-empty host)"),
                Arguments.of("magnet:?" + ok + "&x.pe=2001:db8::1:6881", "(expected: host:port, with an IPv6 host in brackets)"),
                Arguments.of("magnet:?" + ok + "&x.pe=bad%20host:1", "(expected: a host name, IPv4 address or IPv6"),
                Arguments.of("magnet:?" + ok + "&noequals", "magnet parameter: noequals (expected: key=value)"),
                Arguments.of("magnet:?" + ok + "&d%n=x", "magnet parameter: d%n (expected: '%' followed by two hex digits"));
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void rejectsWithPreciseReason(String link, String message) {
        assertThat(rejected(link)).hasMessageContaining(message);
    }

    @Test
    void rejectsTooLongMagnet() {
        String base = "magnet:?xt=urn:sha1:" + HUGE + "&dn=";
        String link = base + "a".repeat(MagnetLink.MAX_LENGTH + 1 - base.length());

        assertThat(rejected(link)).hasMessage("link: 65537 characters (expected: at most 65536 characters)");
        assertThat(MagnetLink.parse(link.substring(0, MagnetLink.MAX_LENGTH)).displayName()).hasSize(
                MagnetLink.MAX_LENGTH - base.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tr", "x.pe", "as", "xs"})
    void acceptsSixtyFourDistinctEntriesAndRejectsSixtyFive(String key) {
        StringBuilder link = new StringBuilder("magnet:?xt=urn:sha1:" + HUGE);
        for (int i = 1; i <= 64; i++) {
            link.append('&').append(key).append('=').append(key.equals("x.pe") ? "10.0.0.1:" + i : "udp://t/" + i);
        }
        assertThat(MagnetLink.parse(link.toString()).format()).contains(key.equals("x.pe") ? "10.0.0.1:64" : "t/64");

        link.append('&').append(key).append('=').append(key.equals("x.pe") ? "10.0.0.1:65" : "udp://t/65");
        assertThat(rejected(link.toString())).hasMessage(key + ": 65 distinct values (expected: at most 64)");
    }

    @Test
    void stopsReadingAListFarPastTheLimitEvenWhenRepeated() {
        String link = "magnet:?xt=urn:sha1:" + HUGE + "&tr=udp://t/1".repeat(300);

        assertThat(rejected(link)).hasMessage("tr: more than 256 values (expected: at most 64)");
    }

    static Stream<MagnetLink> roundTrips() {
        Sha1 sha1 = Sha1.parse(SHA1_B32);
        TigerTreeRoot tth = TigerTreeRoot.parse(TTH);
        InfoHash btih = InfoHash.parse(BTIH);
        Ed2kHash ed2k = Ed2kHash.parse(ED2K);
        List<String> none = List.of();
        return Stream.of(
                new MagnetLink(sha1, null, null, null, null, ContentId.UNKNOWN_SIZE, none, List.of(), none, none),
                new MagnetLink(sha1, ed2k, tth, btih, "hello world.txt", 11, none, List.of(), none, none),
                new MagnetLink(null, null, null, btih, "a b&c|d+é=%.txt", Long.MAX_VALUE,
                        List.of("udp://tracker.example:80/announce?x=1&y=2", "http://t.example/a+b%20c"),
                        List.of(new PeerAddress("192.0.2.1", 6881), new PeerAddress("::1", 1)),
                        List.of("http://mirror.example/f?a=b#frag"), List.of("urn:sha1:" + HUGE)),
                new MagnetLink(null, ed2k, null, null, "日本語 ファイル.mkv", 0, none, List.of(), none, none),
                new MagnetLink(null, null, tth, null, "..\\..\\boot.ini", 1, none, List.of(), none, none),
                new MagnetLink(sha1, null, null, null, "emoji 🎵 #1 ?x=y;z", 7, none, List.of(), none, none));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void parseOfFormatGivesTheSameLink(MagnetLink link) {
        String text = link.format();

        assertThat(MagnetLink.parse(text)).isEqualTo(link);
        assertThat(text).doesNotContain(" ", "\u0000").startsWith("magnet:?xt=urn:");
    }

    @Test
    void formatsEveryIdentityInItsUsualEncoding() {
        ContentId content = new ContentId(11, "a b&c+d.txt", Sha1.parse(SHA1_B32), Ed2kHash.parse(ED2K),
                AichRoot.parse(SHA1_B32), TigerTreeRoot.parse(TTH), InfoHash.parse(BTIH));

        MagnetLink m = MagnetLink.from(content, List.of("udp://t.example:1/announce"),
                List.of(new PeerAddress("192.0.2.1", 4662)));

        assertThat(m.format()).isEqualTo("magnet:?xt=urn:btih:" + BTIH + "&xt=urn:sha1:" + SHA1_B32
                + "&xt=urn:ed2k:" + ED2K + "&xt=urn:tree:tiger:" + TTH + "&dn=a%20b%26c%2Bd.txt&xl=11"
                + "&tr=udp://t.example:1/announce&x.pe=192.0.2.1:4662");
        assertThat(m.toContentId()).isEqualTo(new ContentId(11, "a b&c+d.txt", Sha1.parse(SHA1_B32),
                Ed2kHash.parse(ED2K), null, TigerTreeRoot.parse(TTH), InfoHash.parse(BTIH)));
    }

    @Test
    void fromContentWithoutSizeOrNameLeavesThemOut() {
        ContentId content = new ContentId(ContentId.UNKNOWN_SIZE, null, null, null, null, null, InfoHash.parse(BTIH));

        assertThat(MagnetLink.from(content, null, null).format()).isEqualTo("magnet:?xt=urn:btih:" + BTIH);
    }

    @Test
    void fromContentWithOnlyAnAichRootIsRejected() {
        ContentId content = new ContentId(5, "x", null, null, AichRoot.parse(SHA1_B32), null, null);

        assertThatThrownBy(() -> MagnetLink.from(content, List.of(), List.of()))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("(expected: at least one of sha1, ed2k, tth, btih (an AICH root travels only in"
                        + " ed2k links))");
    }

    @Test
    void constructorRejectsWhatParseWouldReject() {
        Sha1 sha1 = Sha1.parse(HUGE);
        List<String> none = List.of();

        assertThatThrownBy(() -> new MagnetLink(null, null, null, null, "x", 1, none, List.of(), none, none))
                .hasMessageStartingWith("xt: none");
        assertThatThrownBy(() -> new MagnetLink(sha1, null, null, null, "x", -2, none, List.of(), none, none))
                .hasMessage("xl: -2 (expected: a length of 0 or more bytes)");
        assertThatThrownBy(() -> new MagnetLink(sha1, null, null, null, "", 1, none, List.of(), none, none))
                .hasMessage("dn: (empty) (expected: a non-empty display name)");
        assertThatThrownBy(() -> new MagnetLink(sha1, null, null, null, "a\tb", 1, none, List.of(), none, none))
                .hasMessageContaining("without control characters");
        assertThatThrownBy(() -> new MagnetLink(sha1, null, null, null, "a\uD800b", 1, none, List.of(), none, none))
                .hasMessageContaining("without unpaired surrogates");
        List<PeerAddress> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new MagnetLink(sha1, null, null, null, null, 1, none, withNull, none, none))
                .hasMessage("x.pe: null (expected: host:port)");
    }

    @Test
    void listsAreImmutableCopies() {
        List<String> trackers = new ArrayList<>(List.of("udp://t/1"));
        MagnetLink m = new MagnetLink(Sha1.parse(HUGE), null, null, null, null, 1, trackers, null, null, null);
        trackers.add("udp://t/2");

        assertThat(m.trackers()).containsExactly("udp://t/1");
        assertThatThrownBy(() -> m.trackers().add("udp://t/3")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(m.peers()).isEmpty();
    }
}

package org.crossnet.spi.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class Ed2kLinkTest {
    // From the aMule documentation, docs/p2p-networks/ed2k/links.md ("Examples").
    static final String DOC_HASH = "CC8C3B104AD58678F69858F1F9B736E9";
    static final String DOC_MINIMAL = "ed2k://|file|example.zip|2407949|" + DOC_HASH + "|/";
    static final String DOC_SOURCES = "ed2k://|file|example.zip|2407949|" + DOC_HASH
            + "|/|sources,192.0.2.1:4662,198.51.100.5:4662:131:0123456789ABCDEF0123456789ABCDEF|/";
    // `rhash --ed2k-link 'a b&c|d+é.txt'` (RHash 1.4.3) on the 11-byte file "hello world".
    static final String RHASH = "ed2k://|file|a%20b%26c%7cd%2b%c3%a9.txt|11|aa010fbc1d14c795d86ef98c95479d17"
            + "|h=fkxgynojj7h3ifo35fpubc445epoqrxn|/";
    static final Ed2kHash HASH = Ed2kHash.parse(DOC_HASH);

    private static GatewayException rejected(String link) {
        try {
            Ed2kLink.parse(link);
        } catch (GatewayException e) {
            assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
            return e;
        }
        throw new AssertionError("accepted: " + link);
    }

    private static String parts(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%032X", i)).collect(Collectors.joining(":"));
    }

    @Test
    void parsesMinimalDocExample() {
        Ed2kLink link = Ed2kLink.parse(DOC_MINIMAL);

        assertThat(link.name()).isEqualTo("example.zip");
        assertThat(link.size()).isEqualTo(2_407_949);
        assertThat(link.hash()).isEqualTo(HASH);
        assertThat(link.aich()).isNull();
        assertThat(link.partHashes()).isEmpty();
        assertThat(link.sources()).isEmpty();
        assertThat(link.toContentId()).isEqualTo(new ContentId(2_407_949, "example.zip", null, HASH, null, null,
                null));
        assertThat(link.format()).isEqualTo(DOC_MINIMAL);
    }

    @Test
    void parsesDocExampleWithSourcesDroppingCryptOptions() {
        Ed2kLink link = Ed2kLink.parse(DOC_SOURCES);

        assertThat(link.sources()).containsExactly(new PeerAddress("192.0.2.1", 4662),
                new PeerAddress("198.51.100.5", 4662));
        assertThat(link.peers()).isEqualTo(link.sources());
        assertThat(link.trackers()).isEmpty();
        assertThat(link.format()).isEqualTo(DOC_MINIMAL.substring(0, DOC_MINIMAL.length() - 1)
                + "/|sources,192.0.2.1:4662,198.51.100.5:4662|/");
    }

    @Test
    void parsesRhashLinkWithLowercaseAichAndEscapes() {
        Ed2kLink link = Ed2kLink.parse(RHASH);

        assertThat(link.name()).isEqualTo("a b&c|d+é.txt");
        assertThat(link.aich()).isEqualTo(AichRoot.parse("FKXGYNOJJ7H3IFO35FPUBC445EPOQRXN"));
        assertThat(link.toContentId()).isEqualTo(new ContentId(11, "a b&c|d+é.txt", null,
                Ed2kHash.parse("aa010fbc1d14c795d86ef98c95479d17"), link.aich(), null, null));
        assertThat(link.format()).isEqualTo("ed2k://|file|a%20b%26c%7Cd%2B%C3%A9.txt|11"
                + "|AA010FBC1D14C795D86EF98C95479D17|h=FKXGYNOJJ7H3IFO35FPUBC445EPOQRXN|/");
    }

    @Test
    void readsPartHashesUrlSourcesAndSkipsUnknownFieldsAsAmuleDoes() {
        long size = 2 * Ed2kLink.PART_SIZE + 5;
        Ed2kLink link = Ed2kLink.parse("ED2K://|FILE|big.iso|" + size + "|" + DOC_HASH + "|x=unknown||P="
                + parts(3) + "|s=http://mirror.example/big.iso|f=folder|/|ignored|sources,peer.example:4662|/");

        assertThat(link.partHashes()).hasSize(3).first().isEqualTo(new Ed2kHash(Bytes.fromHex(String.format(
                "%032x", 0))));
        assertThat(link.urlSources()).containsExactly("http://mirror.example/big.iso");
        assertThat(link.sources()).containsExactly(new PeerAddress("peer.example", 4662));
    }

    @Test
    void readsSeveralSourcesFieldsAndIgnoresMarkersAfterTheSlash() {
        Ed2kLink link = Ed2kLink.parse("ed2k://|file|a|1|" + DOC_HASH + "|/|sources,10.0.0.1:1|h=ignored"
                + "|SOURCES,10.0.0.2:2,10.0.0.1:1|/");

        assertThat(link.aich()).isNull();
        assertThat(link.sources()).containsExactly(new PeerAddress("10.0.0.1", 1), new PeerAddress("10.0.0.2", 2));
    }

    @ParameterizedTest
    @CsvSource({
        "9727999, 0",
        "9728000, 2",
        "9728001, 2",
        "19455999, 2",
        "19456000, 3",
        "274877906944, 28257"})
    void partHashCountFollowsEmule(long size, long count) {
        assertThat(Ed2kLink.partHashCount(size)).isEqualTo(count);
    }

    @Test
    void acceptsPartHashesForExactMultipleOfPartSize() {
        Ed2kLink link = Ed2kLink.parse("ed2k://|file|a|9728000|" + DOC_HASH + "|p=" + parts(2) + "|/");

        assertThat(link.partHashes()).hasSize(2);
    }

    @Test
    void acceptsTheLargestSizeWithAllItsPartHashes() {
        String link = "ed2k://|file|huge.bin|274877906944|" + DOC_HASH + "|p=" + parts(28_257) + "|/";

        assertThat(link.length()).isLessThan(Ed2kLink.MAX_LENGTH);
        assertThat(Ed2kLink.parse(link).partHashes()).hasSize(28_257);
    }

    @Test
    void keepsPathTraversalLookingNamesAsGiven() {
        Ed2kLink link = Ed2kLink.parse("ed2k://|file|..%2F..%2Fetc%2Fpasswd|1|" + DOC_HASH + "|/");

        assertThat(link.name()).isEqualTo("../../etc/passwd");
        assertThat(link.format()).isEqualTo("ed2k://|file|..%2F..%2Fetc%2Fpasswd|1|" + DOC_HASH + "|/");
    }

    @Test
    void keepsRawSpacesAndPlusInNames() {
        assertThat(Ed2kLink.parse("ed2k://|file|My File+1.avi|1|" + DOC_HASH + "|/").name())
                .isEqualTo("My File+1.avi");
    }

    static Stream<Arguments> rejections() {
        String head = "ed2k://|file|a.bin|100|" + DOC_HASH + "|";
        return Stream.of(
                Arguments.of(null, "link: null (expected: an ed2k:// link)"),
                Arguments.of("ed2k:|file|a|1|" + DOC_HASH + "|/", "(expected: an ed2k link starting with ed2k://|)"),
                Arguments.of("magnet:?xt=urn:sha1:x", "(expected: an ed2k link starting with ed2k://|)"),
                Arguments.of("ed2k://|file|a|1|" + DOC_HASH + "|", "(expected: an ed2k link ending in |/)"),
                Arguments.of("ed2k://|file|a|1|" + DOC_HASH + "/", "(expected: an ed2k link ending in |/)"),
                Arguments.of("ed2k://|file|a|1|" + DOC_HASH + "|/|sources,1.2.3.4:5",
                        "(expected: an ed2k link ending in |/)"),
                Arguments.of("ed2k://|server|1.2.3.4|4661|/", "(expected: an ed2k file link, ed2k://|file|"),
                Arguments.of("ed2k://|fıle|a|1|" + DOC_HASH + "|/", "(expected: an ed2k file link"),
                Arguments.of("ed2k://|file|a|1|/", "(expected: ed2k://|file|<name>|<size>|<md4 hash>|/)"),
                Arguments.of("ed2k://|file|a|/|" + DOC_HASH + "|/", "(expected: ed2k://|file|<name>|<size>|"),
                Arguments.of("ed2k://|file||1|" + DOC_HASH + "|/", "name: (empty) (expected: a non-empty file name)"),
                Arguments.of("ed2k://|file|a%00b|1|" + DOC_HASH + "|/", "name: a\\u0000b (expected: a non-empty file"
                        + " name, without control characters)"),
                Arguments.of("ed2k://|file|a%0D%0Ab|1|" + DOC_HASH + "|/", "without control characters"),
                Arguments.of("ed2k://|file|a\u001Fb|1|" + DOC_HASH + "|/", "without control characters"),
                Arguments.of("ed2k://|file|a%zzb|1|" + DOC_HASH + "|/",
                        "name: a%zzb (expected: '%' followed by two hex digits, at offset 1)"),
                Arguments.of("ed2k://|file|a%E9b|1|" + DOC_HASH + "|/", "(expected: percent escapes forming valid UTF-8)"),
                Arguments.of("ed2k://|file|a|0|" + DOC_HASH + "|/", "size: 0 (expected: 1..274877906944 bytes)"),
                Arguments.of("ed2k://|file|a|274877906945|" + DOC_HASH + "|/",
                        "size: 274877906945 (expected: 1..274877906944 bytes)"),
                Arguments.of("ed2k://|file|a|-5|" + DOC_HASH + "|/",
                        "size: -5 (expected: a decimal size of 1..274877906944 bytes)"),
                Arguments.of("ed2k://|file|a|99999999999999999999|" + DOC_HASH + "|/", "size: 99999999999999999999"),
                Arguments.of("ed2k://|file|a||" + DOC_HASH + "|/", "size: (empty) (expected: a decimal size"),
                Arguments.of("ed2k://|file|a|1.5|" + DOC_HASH + "|/", "size: 1.5 (expected:"),
                Arguments.of("ed2k://|file|a|1|" + DOC_HASH.substring(1) + "|/", "hash: " + DOC_HASH.substring(1)
                        + " (expected: 32 hex characters)"),
                Arguments.of("ed2k://|file|a|1|" + DOC_HASH.substring(1) + "G|/", "(expected: 32 hex characters)"),
                Arguments.of(head + "h=ABC|/", "h: ABC (expected: 32 base32 characters (a 20-byte AICH root))"),
                Arguments.of(head + "h=|/", "h: (empty) (expected: 32 base32"),
                Arguments.of(head + "h=" + "A".repeat(31) + "1|/", "(expected: 32 base32 characters"),
                Arguments.of(head + "h=" + "A".repeat(32) + "|h=" + "B".repeat(32) + "|/",
                        "h: " + "B".repeat(32) + " (expected: the same AICH root as the earlier h="),
                Arguments.of(head + "p=" + DOC_HASH + "|/",
                        "p: 1 part hashes (expected: none for a file smaller than 9728000 bytes)"),
                Arguments.of("ed2k://|file|a|19456000|" + DOC_HASH + "|p=" + parts(2) + "|/",
                        "p: 2 part hashes (expected: 3 for 19456000 bytes (size / 9728000 + 1))"),
                Arguments.of("ed2k://|file|a|19456000|" + DOC_HASH + "|p=" + parts(4) + "|/", "p: 4 part hashes"),
                Arguments.of("ed2k://|file|a|9728000|" + DOC_HASH + "|p=" + DOC_HASH + "::" + DOC_HASH + "|/",
                        "p: (empty) (expected: 32 hex characters per part hash, joined by ':')"),
                Arguments.of("ed2k://|file|a|9728000|" + DOC_HASH + "|p=" + DOC_HASH + ":XYZ|/", "p: XYZ (expected:"),
                Arguments.of("ed2k://|file|a|9728000|" + DOC_HASH + "|p=" + parts(2) + "|p=" + DOC_HASH + ":"
                        + DOC_HASH + "|/", "(expected: the same part hashes as the earlier p=)"),
                Arguments.of(head + "s=|/", "s: (empty) (expected: an http or ftp URL)"),
                Arguments.of(head + "s=mirror/file|/", "s: mirror/file (expected: an http or ftp URL without '|')"),
                Arguments.of(head + "s=http://a b/|/", "(expected: an http or ftp URL, without spaces)"),
                Arguments.of(head + "/|sources,1.2.3.4|/", "sources: 1.2.3.4 (expected: host:port[:crypt options"),
                Arguments.of(head + "/|sources,1.2.3.4:0|/", "sources: 1.2.3.4:0 (expected: a port 1..65535)"),
                Arguments.of(head + "/|sources,1.2.3.4:65536|/", "(expected: a port 1..65535)"),
                Arguments.of(head + "/|sources,1.2.3.4:x|/", "(expected: a decimal port 1..65535)"),
                Arguments.of(head + "/|sources,:4662|/", "sources: :4662 (expected: host:port with a non-empty host)"),
                Arguments.of(head + "/|sources,|/", "sources: (empty) (expected: host:port"),
                Arguments.of(head + "/|sources,1.2.3.4:1,|/", "sources: (empty) (expected: host:port"),
                Arguments.of(head + "/|sources,bad host:1|/", "sources: bad host (expected: a host name"),
                Arguments.of(head + "/|sources,1.2.3.4:1:256|/", "(expected: crypt options 0..255 after the port)"),
                Arguments.of(head + "/|sources,1.2.3.4:1:x|/", "(expected: crypt options 0..255 after the port)"),
                Arguments.of(head + "/|sources,1.2.3.4:1:128|/",
                        "sources: 1.2.3.4:1:128 (expected: a user hash after crypt options with bit 0x80 set)"),
                Arguments.of(head + "/|sources,1.2.3.4:1:128:XYZ|/", "(expected: a user hash of 32 hex characters)"),
                Arguments.of(head + "/|sources,1.2.3.4:1:1:" + DOC_HASH + ":9|/", "(expected: host:port[:crypt"));
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void rejectsWithPreciseReason(String link, String message) {
        assertThat(rejected(link)).hasMessageContaining(message);
    }

    @Test
    void acceptsCryptOptionsWithUserHash() {
        Ed2kLink link = Ed2kLink.parse("ed2k://|file|a|1|" + DOC_HASH + "|/|sources,10.0.0.1:1:0,10.0.0.2:2:255:"
                + DOC_HASH + "|/");

        assertThat(link.sources()).extracting(PeerAddress::port).containsExactly(1, 2);
    }

    @Test
    void acceptsSixtyFourDistinctSourcesAndRejectsSixtyFive() {
        String sources = IntStream.rangeClosed(1, 64).mapToObj(i -> "10.0.0.1:" + i).collect(Collectors.joining(","));
        String head = "ed2k://|file|a|1|" + DOC_HASH + "|/|sources,";

        assertThat(Ed2kLink.parse(head + sources + "|/").sources()).hasSize(64);
        assertThat(rejected(head + sources + ",10.0.0.1:65|/"))
                .hasMessage("sources: 65 distinct values (expected: at most 64)");
    }

    @Test
    void rejectsTooLongLink() {
        String link = "ed2k://|file|" + "a".repeat(Ed2kLink.MAX_LENGTH) + "|1|" + DOC_HASH + "|/";

        assertThat(rejected(link)).hasMessage("link: " + link.length() + " characters (expected: at most "
                + Ed2kLink.MAX_LENGTH + " characters)");
    }

    @Test
    void errorMessagesShortenLongValues() {
        String link = "ed2k://|file|a|1|" + "Z".repeat(5000) + "|/";

        assertThat(rejected(link).getMessage()).hasSizeLessThan(300).contains("(5000 characters)");
    }

    static Stream<Ed2kLink> roundTrips() {
        AichRoot aich = AichRoot.parse("FKXGYNOJJ7H3IFO35FPUBC445EPOQRXN");
        List<Ed2kHash> three = Stream.of(parts(3).split(":")).map(Ed2kHash::parse).collect(Collectors.toList());
        return Stream.of(
                new Ed2kLink("example.zip", 2_407_949, HASH, null, null, null, null),
                new Ed2kLink("a b&c|d+é %.txt", 11, HASH, aich, List.of(), List.of(), List.of()),
                new Ed2kLink("Some Movie (2004) [DVDRip].avi", 2 * Ed2kLink.PART_SIZE, HASH, aich, three,
                        List.of("http://mirror.example/f?a=b&c=d", "ftp://ftp.example/f"),
                        List.of(new PeerAddress("192.0.2.1", 4662), new PeerAddress("peer.example", 65_535))),
                new Ed2kLink("日本語/ファイル\\..\\x:y*?\"<>.mkv", Ed2kLink.MAX_SIZE, HASH, null, null, null, null),
                new Ed2kLink("/", 1, HASH, null, null, null, null),
                new Ed2kLink("emoji 🎵 sources,1.2.3.4:5", 1, HASH, null, null, null, null));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void parseOfFormatGivesTheSameLink(Ed2kLink link) {
        String text = link.format();

        assertThat(Ed2kLink.parse(text)).isEqualTo(link);
        assertThat(Links.parse(text)).isEqualTo(link);
        assertThat(text.substring("ed2k://|file|".length(), text.indexOf('|', "ed2k://|file|".length())))
                .doesNotContain(" ", "&", "+", "/", "%7c");
    }

    @Test
    void fromContentCarriesAichAndSources() {
        AichRoot aich = AichRoot.parse("FKXGYNOJJ7H3IFO35FPUBC445EPOQRXN");
        ContentId content = new ContentId(11, "hello world.txt", null, HASH, aich, null,
                InfoHash.parse("3cdc4b359664b1b5f33ed00388aab14f1f70776d"));

        Ed2kLink link = Ed2kLink.from(content, List.of(new PeerAddress("192.0.2.9", 4662)));

        assertThat(link.format()).isEqualTo("ed2k://|file|hello%20world.txt|11|" + DOC_HASH
                + "|h=FKXGYNOJJ7H3IFO35FPUBC445EPOQRXN|/|sources,192.0.2.9:4662|/");
        assertThat(link.toContentId()).isEqualTo(new ContentId(11, "hello world.txt", null, HASH, aich, null, null));
    }

    @Test
    void fromContentRejectsWhatAnEd2kLinkCannotCarry() {
        InfoHash btih = InfoHash.parse("3cdc4b359664b1b5f33ed00388aab14f1f70776d");

        assertThatThrownBy(() -> Ed2kLink.from(new ContentId(1, "a", null, null, null, null, btih), null))
                .hasMessageContaining("(expected: an ed2k hash)");
        assertThatThrownBy(() -> Ed2kLink.from(new ContentId(-1, "a", null, HASH, null, null, null), null))
                .hasMessageContaining("(expected: a known size (ed2k links carry one))");
        assertThatThrownBy(() -> Ed2kLink.from(new ContentId(1, null, null, HASH, null, null, null), null))
                .hasMessageContaining("(expected: a name (ed2k links carry one))");
        assertThatThrownBy(() -> Ed2kLink.from(new ContentId(0, "a", null, HASH, null, null, null), null))
                .hasMessage("size: 0 (expected: 1..274877906944 bytes)");
        assertThatThrownBy(() -> Ed2kLink.from(null, null)).hasMessage("content: null (expected: a content id)");
    }

    @Test
    void constructorRejectsIpv6SourcesNullsAndBadValues() {
        assertThatThrownBy(() -> new Ed2kLink("a", 1, HASH, null, null, null, List.of(new PeerAddress("::1", 1))))
                .hasMessage("sources: [::1]:1 (expected: an IPv4 address or host name (ed2k has no IPv6))");
        List<PeerAddress> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new Ed2kLink("a", 1, HASH, null, null, null, withNull))
                .hasMessage("sources: null (expected: no null entries)");
        assertThatThrownBy(() -> new Ed2kLink("a", 1, null, null, null, null, null))
                .hasMessage("hash: null (expected: 32 hex characters)");
        assertThatThrownBy(() -> new Ed2kLink(null, 1, HASH, null, null, null, null))
                .hasMessage("name: null (expected: a non-empty file name)");
        assertThatThrownBy(() -> new Ed2kLink("a", 1, HASH, null, null, List.of("http://a/|b"), null))
                .hasMessage("s: http://a/|b (expected: an http or ftp URL without '|')");
        assertThatThrownBy(() -> new Ed2kLink("a", -1, HASH, null, null, null, null))
                .isInstanceOf(GatewayException.class).hasMessage("size: -1 (expected: 1..274877906944 bytes)");
    }
}

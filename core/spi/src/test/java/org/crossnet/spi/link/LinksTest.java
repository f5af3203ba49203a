package org.crossnet.spi.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.ContentId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinksTest {
    private static final String MAGNET = "magnet:?xt=urn:sha1:PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB&dn=a&xl=5"
            + "&tr=udp://t.example:1/announce&x.pe=192.0.2.1:6881";
    private static final String ED2K = "ed2k://|file|example.zip|2407949|CC8C3B104AD58678F69858F1F9B736E9|/"
            + "|sources,192.0.2.1:4662|/";

    @ParameterizedTest
    @ValueSource(strings = {MAGNET, "  " + MAGNET + "\n", "MAGNET:?xt=urn:sha1:PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB&dn=a"
            + "&xl=5&tr=udp://t.example:1/announce&x.pe=192.0.2.1:6881"})
    void parsesMagnets(String text) {
        TransferLink link = Links.parse(text);

        assertThat(link).isInstanceOf(MagnetLink.class).isEqualTo(MagnetLink.parse(MAGNET));
        assertThat(link.toContentId().size()).isEqualTo(5);
        assertThat(link.trackers()).containsExactly("udp://t.example:1/announce");
        assertThat(link.peers()).containsExactly(new PeerAddress("192.0.2.1", 6881));
    }

    @ParameterizedTest
    @ValueSource(strings = {ED2K, "\t" + ED2K + " ", "ED2K://|FILE|example.zip|2407949"
            + "|cc8c3b104ad58678f69858f1f9b736e9|/|sources,192.0.2.1:4662|/"})
    void parsesEd2kFileLinks(String text) {
        TransferLink link = Links.parse(text);

        assertThat(link).isInstanceOf(Ed2kLink.class).isEqualTo(Ed2kLink.parse(ED2K));
        assertThat(link.toContentId()).isEqualTo(((Ed2kLink) link).toContentId());
        assertThat(link.toContentId().size()).isEqualTo(2_407_949);
        assertThat(link.peers()).containsExactly(new PeerAddress("192.0.2.1", 4662));
        assertThat(link.trackers()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "ed2k://|server|195.245.244.243|4661|/; (expected: a magnet URI (magnet:?xt=…) or an ed2k file link"
                + " (ed2k://|file|…|/); an ed2k server link adds a server, not a transfer)",
        "ed2k://|serverlist|http://example.org/server.met|/; an ed2k server link adds a server, not a transfer",
        "http://example.org/file.torrent; link: http://example.org/file.torrent (expected: a magnet URI",
        "'   '; link: (empty) (expected: a magnet URI",
        "ed2k:|file|a|1|CC8C3B104AD58678F69858F1F9B736E9|/; (expected: an ed2k link starting with ed2k://|)",
        "ed2k://|nodes|x|/; (expected: an ed2k file link, ed2k://|file|",
        "magnet:?dn=x; xt: none (expected: at least one of",
        "magnet:?xt=urn:btih:XYZ; xt: urn:btih:XYZ (expected: 40 hex or 32 base32 characters)"})
    void rejectsEverythingElseWithPreciseReason(String text, String message) {
        assertThatThrownBy(() -> Links.parse(text))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((GatewayException) e).code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void rejectsNullAndHugeInput() {
        assertThatThrownBy(() -> Links.parse(null)).hasMessageStartingWith("link: null (expected: a magnet URI");
        assertThatThrownBy(() -> Links.parse("magnet:?" + "x".repeat(Ed2kLink.MAX_LENGTH)))
                .hasMessage("link: 1048584 characters (expected: at most 1048576 characters)");
        assertThatThrownBy(() -> Links.parse("magnet:?xt=urn:sha1:PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB&dn="
                + "x".repeat(MagnetLink.MAX_LENGTH)))
                .hasMessageStartingWith("link: 65592 characters (expected: at most 65536 characters)");
    }

    @Test
    void bothKindsRoundTripThroughFormat() {
        for (String text : new String[] {MAGNET, ED2K}) {
            TransferLink link = Links.parse(text);
            assertThat(Links.parse(link.format())).isEqualTo(link);
        }
        assertThat(Links.parse(MAGNET).toContentId().sizeKnown()).isTrue();
        assertThat(Links.parse("magnet:?xt=urn:sha1:PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB").toContentId().size())
                .isEqualTo(ContentId.UNKNOWN_SIZE);
    }
}

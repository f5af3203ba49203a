package org.crossnet.adapter.gnutella.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {
    private static final String SHA1 = "URAW5Y7TPTAXUHJT22BB6XKGYICBV37R";
    private static final String TTH = "TIR3RULFQ4WYCE3B3Z2BLTOVOSKNFAO2JSIHQWQ";

    @Test
    void readsTheHugeResourceForms() {
        assertThat(RequestTarget.parse("/uri-res/N2R?urn:sha1:" + SHA1))
                .isEqualTo(new RequestTarget.Resource(Sha1.parse(SHA1)));
        assertThat(RequestTarget.parse("/uri-res/n2r?URN:SHA1:" + SHA1.toLowerCase()))
                .isEqualTo(new RequestTarget.Resource(Sha1.parse(SHA1)));
        assertThat(RequestTarget.parse("/uri-res/N2R?urn:bitprint:" + SHA1 + "." + TTH))
                .isEqualTo(new RequestTarget.Resource(Sha1.parse(SHA1)));
        assertThat(RequestTarget.parse("/uri-res/N2R?urn:tree:tiger/:" + TTH))
                .isEqualTo(new RequestTarget.Resource(TigerTreeRoot.parse(TTH)));
        assertThat(RequestTarget.parse("/uri-res/N2X?urn:sha1:" + SHA1 + ";" + TTH))
                .isEqualTo(new RequestTarget.Tree(Sha1.parse(SHA1)));
    }

    @Test
    void readsIndexedTargetsWithStrictPercentDecoding() {
        assertThat(RequestTarget.parse("/get/7/a%20b+c%C3%A9.mp3"))
                .isEqualTo(new RequestTarget.Indexed(7, "a b+cé.mp3"));
        // A name is only ever compared with the shared file's name, never used as a path.
        assertThat(RequestTarget.parse("/get/1/../../etc/passwd"))
                .isEqualTo(new RequestTarget.Indexed(1, "../../etc/passwd"));
        assertThat(RequestTarget.parse("/get/4294967295/x")).isEqualTo(new RequestTarget.Indexed(4294967295L, "x"));
    }

    @Test
    void encodesWhatItReads() {
        for (RequestTarget t : new RequestTarget[] {new RequestTarget.Resource(Sha1.parse(SHA1)),
            new RequestTarget.Tree(Sha1.parse(SHA1)), new RequestTarget.Resource(TigerTreeRoot.parse(TTH)),
            new RequestTarget.Indexed(3, "Été 50% / x?.ogg")}) {
            assertThat(RequestTarget.parse(t.uri())).isEqualTo(t);
        }
        assertThat(new RequestTarget.Indexed(3, "a b").uri()).isEqualTo("/get/3/a%20b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/uri-res/N2R?urn:sha1:TOOSHORT", "/uri-res/N2R?urn:md5:" + SHA1,
        "/uri-res/N2R?urn:sha1:" + SHA1 + "1", "/uri-res/N2R?urn:sha1:URAW5Y7TPTAXUHJT22BB6XKGYICBV371",
        "/get/x/name", "/get/1", "/get/1/", "/get/99999999999/x", "/get/4294967296/x", "/get/1/bad%zzescape",
        "/get/1/%C3", "/uri-res/N2R?urn:bitprint:" + SHA1 + ".SHORT", "http://host/get/1/x"})
    void refusesMalformedTargets(String uri) {
        assertThatThrownBy(() -> RequestTarget.parse(uri)).isInstanceOf(HttpWireException.class)
                .hasMessageContaining("(expected: ");
    }

    @Test
    void refusesOverlongTargets() {
        assertThatThrownBy(() -> RequestTarget.parse("/get/1/" + "a".repeat(RequestTarget.MAX_LENGTH)))
                .isInstanceOf(HttpWireException.class).hasMessageStartingWith("target: /get/1/aaa");
    }
}

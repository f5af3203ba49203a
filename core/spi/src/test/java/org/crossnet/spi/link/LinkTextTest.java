package org.crossnet.spi.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkTextTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "plain; plain",
        "a%20b; a b",
        "%e6%97%a5%E6%9C%AC; 日本",
        "%F0%9F%8E%B5; 🎵",
        "raw é stays; raw é stays",
        "100%25; 100%",
        "a+b; a+b"})
    void decodesStrictly(String text, String expected) {
        assertThat(LinkText.percentDecode("f", text, false)).isEqualTo(expected);
    }

    @Test
    void plusIsSpaceOnlyWhenAsked() {
        assertThat(LinkText.percentDecode("dn", "a+b%2Bc", true)).isEqualTo("a b+c");
        assertThat(LinkText.percentDecode("dn", "a+b", true)).isEqualTo("a b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "%g0", "%0g", "a%٣٣", "%ED%A0%80", "%80", "%E6%97"})
    void rejectsMalformedEscapes(String text) {
        assertThatThrownBy(() -> LinkText.percentDecode("f", text, false)).hasMessageStartingWith("f: ");
    }

    @Test
    void encodesUtf8AndEveryDelimiter() {
        assertThat(LinkText.percentEncode("a b&c=d+e%f|g#h/é🎵", "/")).isEqualTo(
                "a%20b%26c%3Dd%2Be%25f%7Cg%23h/%C3%A9%F0%9F%8E%B5");
        assertThat(LinkText.percentEncode("AZaz09-._~", "")).isEqualTo("AZaz09-._~");
    }

    @Test
    void shownValuesAreEscapedAndShortened() {
        assertThat(LinkText.shown("a\u0000b\nc")).isEqualTo("a\\u0000b\\u000Ac");
        assertThat(LinkText.shown("")).isEqualTo("(empty)");
        assertThat(LinkText.shown("x".repeat(1000))).isEqualTo("x".repeat(120) + "… (1000 characters)");
    }

    @Test
    void asciiOnlyComparisons() {
        assertThat(LinkText.startsWithIgnoreCase("URN:SHA1:x", "urn:sha1:")).isTrue();
        assertThat(LinkText.startsWithIgnoreCase("urn:\u017Fha1:x", "urn:sha1:")).isFalse();
        assertThat(LinkText.isHex("0123456789abcdefABCDEF", 22)).isTrue();
        assertThat(LinkText.isHex("٠١", 2)).isFalse();
        assertThat(LinkText.isBase32("AZ27az", 6)).isTrue();
        assertThat(LinkText.isBase32("A1", 2)).isFalse();
        assertThat(LinkText.hasScheme("udp://x")).isTrue();
        assertThat(LinkText.hasScheme("urn:sha1:x")).isTrue();
        assertThat(LinkText.hasScheme("1http://x")).isFalse();
        assertThat(LinkText.hasScheme("http:")).isFalse();
        assertThat(LinkText.hasScheme("/path")).isFalse();
    }
}

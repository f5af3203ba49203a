package org.crossnet.spi.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.crossnet.spi.model.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BencodeDecoderTest {
    private final BencodeDecoder decoder = new BencodeDecoder();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesEveryType() {
        BValue value = decoder.decode(ascii("d4:listli1ei-2e0:e3:numi42e3:str5:helloe"));

        assertThat(value).isEqualTo(BDictionary.builder()
                .put("list", BList.of(new BInteger(1), new BInteger(-2), BString.of("")))
                .put("num", 42)
                .put("str", "hello")
                .build());
    }

    @Test
    void decodesIntegerExtremes() {
        assertThat(decoder.decode(ascii("i0e"))).isEqualTo(new BInteger(0));
        assertThat(decoder.decode(ascii("i9223372036854775807e"))).isEqualTo(new BInteger(Long.MAX_VALUE));
        assertThat(decoder.decode(ascii("i-9223372036854775808e"))).isEqualTo(new BInteger(Long.MIN_VALUE));
    }

    @Test
    void decodesBinaryStringsAndKeysInUnsignedOrder() {
        byte[] input = {'d', '1', ':', 0x7F, 'i', '1', 'e', '1', ':', (byte) 0x80, 'i', '2', 'e', 'e'};

        BDictionary dict = (BDictionary) decoder.decode(input);

        assertThat(dict.entries().firstKey().value()).isEqualTo(Bytes.of(new byte[] {0x7F}));
        assertThat(dict.entries().lastKey().value()).isEqualTo(Bytes.of(new byte[] {(byte) 0x80}));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "i03e          | offset 1: leading zero in integer (expected: canonical integer)",
        "i-03e         | offset 2: leading zero in integer (expected: canonical integer)",
        "i00e          | offset 1: leading zero in integer (expected: canonical integer)",
        "i-0e          | offset 1: negative zero in integer (expected: canonical integer)",
        "ie            | offset 1: empty integer (expected: at least one digit)",
        "i-e           | offset 2: empty integer (expected: at least one digit)",
        "i1x2e         | offset 2: unexpected byte 'x' in integer (expected: a digit or 'e')",
        "i+1e          | offset 1: unexpected byte '+' in integer (expected: a digit or 'e')",
        "i9223372036854775808e   | offset 1: integer overflow (expected: a 64-bit signed integer)",
        "i-9223372036854775809e  | offset 1: integer overflow (expected: a 64-bit signed integer)",
        "i99999999999999999999e  | offset 1: integer overflow (expected: a 64-bit signed integer)",
        "05:hello      | offset 0: leading zero in string length (expected: canonical length)",
        "5x            | offset 1: unexpected byte 'x' in string length (expected: a digit or ':')",
        "x             | offset 0: unexpected byte 'x' (expected: 'i', 'l', 'd' or a digit)",
        "d1:bi1e1:ai2ee | offset 7: dictionary key 'a' after 'b' (expected: keys in ascending byte order)",
        "d1:ai1e1:ai2ee | offset 7: duplicate dictionary key 'a' (expected: unique keys)",
        "d2:abi1e1:ai2ee | offset 8: dictionary key 'a' after 'ab' (expected: keys in ascending byte order)",
        "di1ei2ee      | offset 1: dictionary key starting with 'i' (expected: a byte string key)",
        "dlei1ee       | offset 1: dictionary key starting with 'l' (expected: a byte string key)",
        "i1ei2e        | offset 3: 3 trailing bytes (expected: end of input)",
        "le0:          | offset 2: 2 trailing bytes (expected: end of input)",
    })
    void rejectsNonCanonicalAndMalformedInput(String input, String message) {
        assertThatThrownBy(() -> decoder.decode(ascii(input)))
                .isInstanceOf(BencodeException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "i12           | offset 3: end of input (expected: a digit or 'e')",
        "i             | offset 1: end of input (expected: a digit or '-')",
        "i-            | offset 2: end of input (expected: a digit or 'e')",
        "5:abc         | offset 0: string length 5 past end of input (expected: at most 3 bytes)",
        "12            | offset 2: end of input (expected: a digit or ':')",
        "l             | offset 1: end of input (expected: a value or 'e')",
        "li1e          | offset 4: end of input (expected: a value or 'e')",
        "d             | offset 1: end of input (expected: a key or 'e')",
        "d1:a          | offset 4: end of input (expected: a value)",
        "d1:ai1e       | offset 7: end of input (expected: a key or 'e')",
    })
    void rejectsTruncatedInput(String input, String message) {
        assertThatThrownBy(() -> decoder.decode(ascii(input)))
                .isInstanceOf(BencodeException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> decoder.decode(new byte[0]))
                .hasMessage("offset 0: end of input (expected: a value)");
    }

    @Test
    void everyStrictPrefixOfAValidEncodingIsRejected() {
        byte[] full = ascii("d4:infod6:lengthi12e4:name3:abc6:pieces0:e4:listli-1e3:xyzee");
        decoder.decode(full);
        for (int len = 0; len < full.length; len++) {
            byte[] prefix = Arrays.copyOf(full, len);
            assertThatThrownBy(() -> decoder.decode(prefix)).as("prefix of %d bytes", len)
                    .isInstanceOf(BencodeException.class)
                    .hasMessageContaining("end of input");
        }
    }

    @Test
    void enforcesMaxDepth() {
        BencodeDecoder shallow = new BencodeDecoder(new BencodeDecoder.Limits(3, 1024, 1024));

        assertThat(shallow.decode(ascii("llleee"))).isEqualTo(BList.of(BList.of(BList.of())));
        assertThatThrownBy(() -> shallow.decode(ascii("lllleeee")))
                .hasMessage("offset 3: nesting depth 4 (expected: at most 3)");
        assertThatThrownBy(() -> shallow.decode(ascii("d1:ad1:bd1:cdeeee")))
                .hasMessage("offset 12: nesting depth 4 (expected: at most 3)");
    }

    @Test
    void deepNestingWithDefaultLimitsIsRejectedWithoutStackOverflow() {
        byte[] deep = new byte[200_000];
        Arrays.fill(deep, 0, 100_000, (byte) 'l');
        Arrays.fill(deep, 100_000, 200_000, (byte) 'e');

        assertThatThrownBy(() -> decoder.decode(deep))
                .hasMessage("offset 64: nesting depth 65 (expected: at most 64)");
    }

    @Test
    void enforcesMaxSizeBeforeParsing() {
        BencodeDecoder small = new BencodeDecoder(new BencodeDecoder.Limits(8, 10, 10));

        assertThatThrownBy(() -> small.decode(ascii("11:hello world")))
                .hasMessage("offset 0: input of 14 bytes (expected: at most 10 bytes)");
    }

    @Test
    void enforcesMaxStringLengthBeforeAllocating() {
        BencodeDecoder small = new BencodeDecoder(new BencodeDecoder.Limits(8, 1024, 4));

        assertThat(small.decode(ascii("4:abcd"))).isEqualTo(BString.of("abcd"));
        assertThatThrownBy(() -> small.decode(ascii("5:abcde")))
                .hasMessage("offset 0: string length over 4 (expected: at most 4 bytes)");
        // a declared length far beyond the input must fail on the limit, not on an allocation
        assertThatThrownBy(() -> small.decode(ascii("99999999999999999999:x")))
                .hasMessage("offset 0: string length over 4 (expected: at most 4 bytes)");
    }

    @Test
    void rejectsInvalidLimits() {
        assertThatThrownBy(() -> new BencodeDecoder.Limits(0, 1, 1))
                .hasMessage("maxDepth: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new BencodeDecoder.Limits(1, 0, 1))
                .hasMessage("maxSize: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new BencodeDecoder.Limits(1, 1, -1))
                .hasMessage("maxStringLength: -1 (expected: >= 0)");
    }

    @Test
    void decodeDictionaryRejectsOtherTopLevelTypes() {
        assertThatThrownBy(() -> decoder.decodeDictionary(ascii("le")))
                .hasMessage("offset 0: value starting with 'l' (expected: a dictionary)");
    }

    @Test
    void recordsTheRawSpanOfEveryDictionary() throws Exception {
        String info = "d6:lengthi5e4:name5:a.txt12:piece lengthi16384e6:pieces0:e";
        byte[] torrent = ascii("d8:announce4:urlx4:info" + info + "e");

        BDictionary root = decoder.decodeDictionary(torrent);
        BDictionary infoDict = (BDictionary) root.get("info").orElseThrow();

        assertThat(root.raw()).contains(Bytes.of(torrent));
        assertThat(infoDict.raw()).contains(Bytes.of(ascii(info)));
        byte[] infohash = MessageDigest.getInstance("SHA-1").digest(infoDict.raw().orElseThrow().toArray());
        assertThat(infohash).isEqualTo(MessageDigest.getInstance("SHA-1").digest(ascii(info)));
        assertThat(BDictionary.builder().build().raw()).isEmpty();
    }

    @Test
    void quotesBinaryKeysAsHex() {
        byte[] input = {'d', '1', ':', 0x02, 'i', '1', 'e', '1', ':', 0x01, 'i', '2', 'e', 'e'};

        assertThatThrownBy(() -> decoder.decode(input))
                .hasMessage("offset 7: dictionary key 0x01 after 0x02 (expected: keys in ascending byte order)");
    }
}

package org.crossnet.spi.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BencodeEncoderTest {
    private final BencodeDecoder decoder = new BencodeDecoder();

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesEveryTypeCanonically() {
        assertThat(text(BencodeEncoder.encode(new BInteger(0)))).isEqualTo("i0e");
        assertThat(text(BencodeEncoder.encode(new BInteger(-42)))).isEqualTo("i-42e");
        assertThat(text(BencodeEncoder.encode(new BInteger(Long.MIN_VALUE)))).isEqualTo("i-9223372036854775808e");
        assertThat(text(BencodeEncoder.encode(BString.of("")))).isEqualTo("0:");
        assertThat(text(BencodeEncoder.encode(BString.of("spam")))).isEqualTo("4:spam");
        assertThat(text(BencodeEncoder.encode(BList.of()))).isEqualTo("le");
        assertThat(text(BencodeEncoder.encode(BList.of(BString.of("a"), new BInteger(1))))).isEqualTo("l1:ai1ee");
    }

    @Test
    void sortsDictionaryKeysByUnsignedBytesWhateverTheInsertionOrder() {
        Map<BString, BValue> entries = new LinkedHashMap<>();
        entries.put(BString.of(new byte[] {(byte) 0xC3}), new BInteger(3));
        entries.put(BString.of("ab"), new BInteger(2));
        entries.put(BString.of("a"), new BInteger(1));

        byte[] encoded = BencodeEncoder.encode(BDictionary.of(entries));

        assertThat(text(encoded)).isEqualTo("d1:ai1e2:abi2e1:\u00c3i3ee");
    }

    @Test
    void roundTripsDecodedInputByteForByte() {
        String[] inputs = {
            "i0e", "i-1e", "0:", "le", "de", "d3:bar4:spam3:fooi42ee", "l4:spam4:eggsd1:ali1ei2eeee",
            "d8:announce9:udp://x:14:infod6:lengthi5e4:name1:n12:piece lengthi16384e6:pieces0:ee",
        };
        for (String input : inputs) {
            byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(BencodeEncoder.encode(decoder.decode(bytes))).as(input).isEqualTo(bytes);
        }
    }

    @Test
    void roundTripsRandomValues() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            BValue value = randomValue(random, 0);
            byte[] encoded = BencodeEncoder.encode(value);
            BValue decoded = decoder.decode(encoded);
            assertThat(decoded).isEqualTo(value);
            assertThat(BencodeEncoder.encode(decoded)).isEqualTo(encoded);
        }
    }

    private static BValue randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 2 : 4);
        switch (kind) {
            case 0:
                return new BInteger(random.nextBoolean() ? random.nextLong() : random.nextInt(200) - 100);
            case 1:
                byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                return BString.of(bytes);
            case 2:
                BValue[] values = new BValue[random.nextInt(4)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = randomValue(random, depth + 1);
                }
                return BList.of(values);
            default:
                Map<BString, BValue> entries = new LinkedHashMap<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    byte[] key = new byte[random.nextInt(4)];
                    random.nextBytes(key);
                    entries.put(BString.of(key), randomValue(random, depth + 1));
                }
                return BDictionary.of(entries);
        }
    }
}

package org.crossnet.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteOrder;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Protocol test vectors and the standard ways to mangle them (house style, tests §1–2).
 *
 * <p>Vectors live under {@code src/test/resources/vectors/<network>/} as {@code .bin} (raw bytes) or {@code .hex}
 * files. A hex file holds hex digits; whitespace is ignored and {@code #} starts a comment to the end of the line,
 * which is where a vector notes its origin (spec section, or "recorded from client X version Y").
 *
 * <p>The split helpers are codec-neutral: {@link #splitAtEveryOffset} and {@link #decodesAlikeAtEveryOffset} feed
 * any decoder function; {@link #readInbound} and {@link #readInboundAtEveryOffset} run Netty handlers in an
 * {@link EmbeddedChannel}. Stateless and thread-safe.
 */
public final class ProtocolVectors {
    /** Bytes appended by {@link #withTrailingGarbage(byte[])}: zero, all-ones and a high-bit byte. */
    private static final byte[] GARBAGE = {0x00, (byte) 0xFF, (byte) 0x80};

    private ProtocolVectors() {
    }

    /**
     * One way to cut an input in two.
     *
     * @param offset where the cut is, 0..input length
     */
    public record Split(int offset, byte[] prefix, byte[] suffix) {
        /** Both parts, in order, as chunks to feed a decoder. */
        public List<byte[]> chunks() {
            return List.of(prefix, suffix);
        }

        @Override
        public String toString() {
            return "split at " + offset + " (" + prefix.length + " + " + suffix.length + " bytes)";
        }
    }

    /**
     * A mangled copy of a vector.
     *
     * @param label what was done, for assertion messages
     */
    public record Variant(String label, byte[] bytes) {
        @Override
        public String toString() {
            return label + " (" + bytes.length + " bytes)";
        }
    }

    /**
     * Loads {@code vectors/<network>/<name>} from the test classpath; {@code .hex} files are parsed, anything else is
     * returned raw.
     *
     * @throws IllegalArgumentException when the resource does not exist or a hex file is malformed
     */
    public static byte[] load(String network, String name) {
        String resource = resourceName(network, name);
        try (InputStream in = classLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("vector: " + resource + " (expected: a resource on the test classpath)");
            }
            byte[] raw = in.readAllBytes();
            return name.endsWith(".hex") ? parseHex(new String(raw, java.nio.charset.StandardCharsets.UTF_8), resource) : raw;
        } catch (IOException e) {
            throw new UncheckedIOException("vector: " + resource + " unreadable", e);
        }
    }

    /**
     * The names of the {@code .bin} and {@code .hex} vectors in {@code vectors/<network>/}, sorted, for
     * {@code @MethodSource}. Works for directories and jars on the classpath.
     *
     * @throws IllegalArgumentException when the directory does not exist
     */
    public static List<String> names(String network) {
        String resource = resourceName(network, "");
        URL url = classLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("vectors: " + resource + " (expected: a directory on the test classpath)");
        }
        try {
            if (url.getProtocol().equals("jar")) {
                return namesInJar(url, resource);
            }
            return list(Path.of(url.toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException("vectors: " + resource + " unreadable", e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("vectors: " + url + " (expected: a file or jar URL)", e);
        }
    }

    /**
     * Parses hex text: whitespace ignored, {@code #} comments to end of line, upper or lower case.
     *
     * @param source named in error messages
     * @throws IllegalArgumentException reading {@code "hex: … (expected: …)"} with the line and column
     */
    public static byte[] parseHex(String text, String source) {
        StringBuilder digits = new StringBuilder(text.length());
        int line = 1;
        int column = 0;
        boolean comment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            column++;
            if (c == '\n') {
                line++;
                column = 0;
                comment = false;
            } else if (comment || Character.isWhitespace(c)) {
                continue;
            } else if (c == '#') {
                comment = true;
            } else if (Character.digit(c, 16) >= 0) {
                digits.append(c);
            } else {
                throw new IllegalArgumentException("hex: '" + c + "' at " + source + ":" + line + ":" + column
                        + " (expected: hex digits, whitespace or # comments)");
            }
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("hex: " + digits.length() + " digits in " + source
                    + " (expected: an even number)");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }

    /** Every way to cut {@code input} in two: offsets 0 through length, so length + 1 splits. */
    public static List<Split> splitAtEveryOffset(byte[] input) {
        List<Split> splits = new ArrayList<>(input.length + 1);
        for (int i = 0; i <= input.length; i++) {
            splits.add(new Split(i, Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i, input.length)));
        }
        return splits;
    }

    /** Every proper prefix of {@code input}: lengths 0 through length - 1. A decoder must wait or fail on each. */
    public static List<byte[]> truncations(byte[] input) {
        List<byte[]> prefixes = new ArrayList<>(input.length);
        for (int i = 0; i < input.length; i++) {
            prefixes.add(Arrays.copyOf(input, i));
        }
        return prefixes;
    }

    /** {@code input} followed by {@code garbage}. */
    public static byte[] withTrailingGarbage(byte[] input, byte[] garbage) {
        byte[] out = Arrays.copyOf(input, input.length + garbage.length);
        System.arraycopy(garbage, 0, out, input.length, garbage.length);
        return out;
    }

    /** {@code input} followed by three bytes no protocol frame should swallow silently: 00 FF 80. */
    public static byte[] withTrailingGarbage(byte[] input) {
        return withTrailingGarbage(input, GARBAGE);
    }

    /**
     * A copy of {@code input} whose unsigned length field of {@code width} bytes at {@code offset} holds
     * {@code value}.
     *
     * @throws IllegalArgumentException when the field lies outside the input, the width is not 1, 2, 4 or 8, or the
     *                                  value does not fit
     */
    public static byte[] withDeclaredLength(byte[] input, int offset, int width, ByteOrder order, long value) {
        checkField(input, offset, width);
        if (width < 8 && (value < 0 || value >>> (8 * width) != 0)) {
            throw new IllegalArgumentException("value: " + value + " (expected: fits " + width + " unsigned bytes)");
        }
        byte[] out = input.clone();
        for (int i = 0; i < width; i++) {
            int shift = 8 * (order == ByteOrder.BIG_ENDIAN ? width - 1 - i : i);
            out[offset + i] = (byte) (value >>> shift);
        }
        return out;
    }

    /** The unsigned length field of {@code width} bytes at {@code offset}. */
    public static long declaredLength(byte[] input, int offset, int width, ByteOrder order) {
        checkField(input, offset, width);
        long value = 0;
        for (int i = 0; i < width; i++) {
            int shift = 8 * (order == ByteOrder.BIG_ENDIAN ? width - 1 - i : i);
            value |= (input[offset + i] & 0xFFL) << shift;
        }
        return value;
    }

    /**
     * Copies of {@code input} with a wrong declared length: one more, one less (when above zero), zero, and the
     * field's maximum. A decoder must reject or wait on each, never read past the frame or allocate the maximum.
     */
    public static List<Variant> badDeclaredLengths(byte[] input, int offset, int width, ByteOrder order) {
        long actual = declaredLength(input, offset, width, order);
        long max = width == 8 ? -1L : (1L << (8 * width)) - 1;
        List<Variant> variants = new ArrayList<>(4);
        if (actual != max) {
            variants.add(new Variant("declared length " + (actual + 1) + " (one more)",
                    withDeclaredLength(input, offset, width, order, actual + 1)));
        }
        if (actual > 0) {
            variants.add(new Variant("declared length " + (actual - 1) + " (one less)",
                    withDeclaredLength(input, offset, width, order, actual - 1)));
            variants.add(new Variant("declared length 0", withDeclaredLength(input, offset, width, order, 0)));
        }
        if (actual != max) {
            variants.add(new Variant("declared length " + Long.toUnsignedString(max) + " (maximum)",
                    withDeclaredLength(input, offset, width, order, max)));
        }
        return variants;
    }

    /**
     * Feeds {@code input} to {@code decoder} whole and then split at every offset, and returns the offsets whose
     * result differs from the whole input's: empty when the decoder copes with any fragmentation. The decoder gets
     * the chunks in order and returns a value with meaningful {@code equals} (a list of decoded records, say).
     */
    public static <T> List<String> decodesAlikeAtEveryOffset(byte[] input, Function<List<byte[]>, T> decoder) {
        T whole = decoder.apply(List.of(input.clone()));
        List<String> differences = new ArrayList<>();
        for (Split split : splitAtEveryOffset(input)) {
            T result = decoder.apply(split.chunks());
            if (!java.util.Objects.equals(whole, result)) {
                differences.add(split + ": " + result + " (expected: " + whole + ")");
            }
        }
        return differences;
    }

    /**
     * Writes the chunks into a new {@link EmbeddedChannel} with the given handlers, finishes it, and returns every
     * inbound message. {@link ByteBuf} messages are returned as {@code byte[]} and released, so results compare by
     * value; other messages are returned as they are. Exceptions the pipeline raised are rethrown.
     */
    public static List<Object> readInbound(Supplier<ChannelHandler[]> handlers, List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(handlers.get());
        List<Object> messages = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                drain(channel, messages);
            }
            channel.finish();
            drain(channel, messages);
            channel.checkException();
        } finally {
            channel.finishAndReleaseAll();
        }
        return messages;
    }

    /**
     * {@link #readInbound} for every split of {@code input}; returns the splits whose messages differ from those of
     * the whole input: empty when the pipeline copes with any fragmentation.
     */
    public static List<String> readInboundAtEveryOffset(Supplier<ChannelHandler[]> handlers, byte[] input) {
        return decodesAlikeAtEveryOffset(input, chunks -> new Inbound(readInbound(handlers, chunks)));
    }

    private record Inbound(List<Object> messages) {
        // byte[] has identity equality; compare the messages by content so ByteBuf payloads compare as bytes.
        @Override
        public boolean equals(Object o) {
            return o instanceof Inbound other && Arrays.deepEquals(messages.toArray(), other.messages.toArray());
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(messages.toArray());
        }

        @Override
        public String toString() {
            return messages.stream().map(m -> m instanceof byte[] b ? ByteBufUtil.hexDump(b) : String.valueOf(m))
                    .toList().toString();
        }
    }

    private static void drain(EmbeddedChannel channel, List<Object> into) {
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            if (m instanceof ByteBuf buf) {
                into.add(ByteBufUtil.getBytes(buf));
                ReferenceCountUtil.release(buf);
            } else {
                into.add(m);
            }
        }
    }

    private static void checkField(byte[] input, int offset, int width) {
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("width: " + width + " (expected: 1, 2, 4 or 8)");
        }
        if (offset < 0 || offset + width > input.length) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: a " + width
                    + "-byte field within 0.." + input.length + ")");
        }
    }

    private static String resourceName(String network, String name) {
        if (network == null || !network.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("network: " + network + " (expected: a lowercase network id)");
        }
        if (name == null || name.contains("..") || name.startsWith("/")) {
            throw new IllegalArgumentException("name: " + name + " (expected: a path inside vectors/" + network + "/)");
        }
        return "vectors/" + network + "/" + name;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ProtocolVectors.class.getClassLoader();
    }

    private static List<String> namesInJar(URL url, String resource) throws IOException {
        String spec = url.toString();
        java.net.URI jar = java.net.URI.create(spec.substring(0, spec.indexOf("!/")));
        FileSystem fs;
        boolean opened = false;
        try {
            fs = FileSystems.getFileSystem(jar);
        } catch (FileSystemNotFoundException e) {
            fs = FileSystems.newFileSystem(jar, Map.of());
            opened = true;
        }
        try {
            return list(fs.getPath(resource));
        } finally {
            if (opened) {
                fs.close();
            }
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString().replace("/", ""))
                    .filter(n -> n.endsWith(".bin") || n.endsWith(".hex")).sorted().toList();
        }
    }
}

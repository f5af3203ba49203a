package org.crossnet.engine.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.NetworkId;

/**
 * What a {@link FileStoredContent} needs to resume without re-checking anything: the size, the map of fully written
 * blocks and the ranges each network verified. The engine stores {@link #encode()} in the transfer's
 * {@code resume_data} column. Bytes of partially written blocks are not kept: they are fetched again.
 * Immutable; the bitmap is copied in and out.
 *
 * @param size          content size, or {@code -1} while unknown
 * @param writtenBlocks blocks fully written, indices below the block count
 * @param verified      per network, its verified ranges: sorted, non-overlapping, within the size
 */
public record ResumeState(long size, BitSet writtenBlocks, Map<NetworkId, List<ByteRange>> verified) {
    /** Format version written first; bumped on any layout change. */
    static final int VERSION = 1;
    /** More networks than this in one transfer means corrupt data, not a real download. */
    static final int MAX_NETWORKS = 64;
    /** Ranges per network; a fragmented download stays far below this. */
    static final int MAX_RANGES = 1 << 20;

    public ResumeState {
        if (size < -1 || size > FileStoredContent.MAX_SIZE) {
            throw GatewayException.invalid("size", size, "-1 or 0.." + FileStoredContent.MAX_SIZE);
        }
        long blocks = FileStoredContent.blockCount(size);
        writtenBlocks = (BitSet) writtenBlocks.clone();
        if (writtenBlocks.length() > blocks) {
            throw GatewayException.invalid("writtenBlocks", "block " + (writtenBlocks.length() - 1),
                    "below the block count " + blocks);
        }
        Map<NetworkId, List<ByteRange>> copy = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        for (Map.Entry<NetworkId, List<ByteRange>> e : verified.entrySet()) {
            long previousEnd = -1;
            for (ByteRange r : e.getValue()) {
                if (r.start() <= previousEnd || r.end() > Math.max(size, 0)) {
                    throw GatewayException.invalid("verified", e.getKey() + " " + r,
                            "sorted, non-adjacent ranges within size " + size);
                }
                previousEnd = r.end();
            }
            if (!e.getValue().isEmpty()) {
                copy.put(e.getKey(), List.copyOf(e.getValue()));
            }
        }
        verified = Collections.unmodifiableMap(new LinkedHashMap<>(copy));
    }

    @Override
    public BitSet writtenBlocks() {
        return (BitSet) writtenBlocks.clone();
    }

    /**
     * The compact binary form: {@code version:u8, size:i64, bitmapLength:i32, bitmap (BitSet.toByteArray),
     * networks:i32, then per network id:UTF (modified UTF-8), ranges:i32, ranges × (start:i64, end:i64)}.
     */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(size);
            byte[] bitmap = writtenBlocks.toByteArray();
            out.writeInt(bitmap.length);
            out.write(bitmap);
            out.writeInt(verified.size());
            for (Map.Entry<NetworkId, List<ByteRange>> e : verified.entrySet()) {
                out.writeUTF(e.getKey().value());
                out.writeInt(e.getValue().size());
                for (ByteRange r : e.getValue()) {
                    out.writeLong(r.start());
                    out.writeLong(r.end());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Parses {@link #encode()}'s form. Checks every length before allocating.
     *
     * @throws GatewayException INVALID_ARGUMENT naming the first malformed field
     */
    public static ResumeState decode(byte[] data) {
        if (data == null) {
            throw GatewayException.invalid("resumeData", null, "bytes written by ResumeState.encode");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw GatewayException.invalid("resumeData.version", version, String.valueOf(VERSION));
            }
            long size = in.readLong();
            if (size < -1 || size > FileStoredContent.MAX_SIZE) {
                throw GatewayException.invalid("resumeData.size", size, "-1 or 0.." + FileStoredContent.MAX_SIZE);
            }
            long maxBitmap = (FileStoredContent.blockCount(size) + 7) / 8;
            int bitmapLength = in.readInt();
            if (bitmapLength < 0 || bitmapLength > maxBitmap || bitmapLength > in.available()) {
                throw GatewayException.invalid("resumeData.bitmapLength", bitmapLength, "0.." + maxBitmap);
            }
            byte[] bitmap = new byte[bitmapLength];
            in.readFully(bitmap);
            int networks = in.readInt();
            if (networks < 0 || networks > MAX_NETWORKS) {
                throw GatewayException.invalid("resumeData.networks", networks, "0.." + MAX_NETWORKS);
            }
            Map<NetworkId, List<ByteRange>> verified = new LinkedHashMap<>();
            for (int i = 0; i < networks; i++) {
                NetworkId network;
                try {
                    network = new NetworkId(in.readUTF());
                } catch (IllegalArgumentException e) {
                    throw GatewayException.invalid("resumeData.network", i, "a valid network id");
                }
                int count = in.readInt();
                if (count < 0 || count > MAX_RANGES || (long) count * 16 > in.available()) {
                    throw GatewayException.invalid("resumeData.ranges", count, "0.." + MAX_RANGES
                            + " and present in the data");
                }
                List<ByteRange> ranges = new ArrayList<>(count);
                for (int j = 0; j < count; j++) {
                    long start = in.readLong();
                    long end = in.readLong();
                    try {
                        ranges.add(new ByteRange(start, end));
                    } catch (IllegalArgumentException e) {
                        throw GatewayException.invalid("resumeData.range", "[" + start + ", " + end + ")",
                                "0 <= start < end");
                    }
                }
                if (verified.put(network, ranges) != null) {
                    throw GatewayException.invalid("resumeData.network", network, "each network once");
                }
            }
            if (in.available() > 0) {
                throw GatewayException.invalid("resumeData.length", data.length, "no trailing bytes");
            }
            return new ResumeState(size, BitSet.valueOf(bitmap), verified);
        } catch (EOFException e) {
            throw GatewayException.invalid("resumeData.length", data.length, "a complete encoding");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
        }
    }

    /** The state of content nothing was written to yet. */
    public static ResumeState empty(long size) {
        return new ResumeState(size, new BitSet(), Map.of());
    }
}

package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.model.Bytes;

/**
 * Vendor message (type 0x31, or 0x32 for "standard" ones): {@code <vendor 4, BE><selector 2, LE><version 2, LE>
 * <body>}. The body's layout depends on (vendor, selector); the ones we act on are typed, the rest kept raw. Vendor
 * messages are never routed and travel with TTL 1, hops 0.
 *
 * @param standard whether the message type is 0x32
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/vendor_msg">Vendor messages</a>
 */
public record VendorMessage(boolean standard, VendorCode vendor, int selector, int version, Body body)
        implements Payload {
    /** null/0: the list of supported vendor messages. */
    public static final int MESSAGES_SUPPORTED = 0;
    /** null/10 (gtk-gnutella) and LIME/10 (LimeWire "Capabilities"): the list of supported features. */
    public static final int FEATURES_SUPPORTED = 10;
    /** BEAR/4: hops flow. */
    public static final int HOPS_FLOW = 4;
    /** BEAR/7: TCP connect-back request. */
    public static final int TCP_CONNECT_BACK = 7;

    /** A body layout. */
    public sealed interface Body permits MessagesSupported, FeaturesSupported, HopsFlow, TcpConnectBack, RawBody {
        void write(ByteBuf out);
    }

    /** One supported message: vendor, selector, highest version understood. */
    public record Supported(VendorCode vendor, int selector, int version) {
    }

    /** {@code <count 2, LE>(<vendor 4><selector 2, LE><version 2, LE>){count}} */
    public record MessagesSupported(List<Supported> messages) implements Body {
        public MessagesSupported {
            messages = List.copyOf(messages);
            if (messages.size() > 0xFFFF) {
                throw new GnutellaCodecException("messages-supported.count", messages.size(), "0..65535");
            }
        }

        @Override
        public void write(ByteBuf out) {
            out.writeShortLE(messages.size());
            for (Supported s : messages) {
                out.writeInt(s.vendor().value()).writeShortLE(s.selector()).writeShortLE(s.version());
            }
        }

        /** Whether the list holds {@code vendor/selector} in any version. */
        public boolean supports(VendorCode vendor, int selector) {
            return messages.stream().anyMatch(s -> s.vendor().equals(vendor) && s.selector() == selector);
        }
    }

    /** One feature: a 4-character name and a version ({@code 0xFFFF} on gtk-gnutella's F2FT). */
    public record Feature(String name, int version) {
        public Feature {
            if (name == null || name.getBytes(StandardCharsets.ISO_8859_1).length != 4) {
                throw new GnutellaCodecException("feature.name", name, "4 bytes");
            }
        }
    }

    /** {@code <count 2, LE>(<name 4><version 2, LE>){count}} */
    public record FeaturesSupported(List<Feature> features) implements Body {
        public FeaturesSupported {
            features = List.copyOf(features);
        }

        @Override
        public void write(ByteBuf out) {
            out.writeShortLE(features.size());
            for (Feature f : features) {
                out.writeBytes(f.name().getBytes(StandardCharsets.ISO_8859_1)).writeShortLE(f.version());
            }
        }
    }

    /** {@code <hops 1>}: the highest hops count the sender wants to see in queries (0 = no queries). */
    public record HopsFlow(int hops) implements Body {
        public HopsFlow {
            if (hops < 0 || hops > 0xFF) {
                throw new GnutellaCodecException("hops-flow.hops", hops, "0..255");
            }
        }

        @Override
        public void write(ByteBuf out) {
            out.writeByte(hops);
        }
    }

    /** {@code <port 2, LE>}: connect back to the sender's address on this port to prove it is reachable. */
    public record TcpConnectBack(int port) implements Body {
        public TcpConnectBack {
            if (port < 1 || port > 0xFFFF) {
                throw new GnutellaCodecException("tcp-connect-back.port", port, "1..65535");
            }
        }

        @Override
        public void write(ByteBuf out) {
            out.writeShortLE(port);
        }
    }

    /** Any other body, kept as it came. */
    public record RawBody(Bytes bytes) implements Body {
        @Override
        public void write(ByteBuf out) {
            out.writeBytes(bytes.toArray());
        }
    }

    public VendorMessage {
        if (vendor == null || body == null) {
            throw new GnutellaCodecException("vendor", "null", "a vendor code and a body");
        }
        if (selector < 0 || selector > 0xFFFF || version < 0 || version > 0xFFFF) {
            throw new GnutellaCodecException("vendor.selector/version", selector + "/" + version, "0..65535 each");
        }
    }

    /** A 0x31 message. */
    public static VendorMessage of(VendorCode vendor, int selector, int version, Body body) {
        return new VendorMessage(false, vendor, selector, version, body);
    }

    @Override
    public int type() {
        return standard ? GnutellaWire.STANDARD_VENDOR : GnutellaWire.VENDOR;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(vendor.value()).writeShortLE(selector).writeShortLE(version);
        body.write(out);
    }

    /** Decodes the whole readable payload. */
    public static VendorMessage read(ByteBuf in, boolean standard) {
        GnutellaWire.require(in, 8, "vendor.header");
        VendorCode vendor = new VendorCode(in.readInt());
        int selector = in.readUnsignedShortLE();
        int version = in.readUnsignedShortLE();
        String name = vendor + "/" + selector;
        Body body;
        if (vendor.equals(VendorCode.NULL) && selector == MESSAGES_SUPPORTED) {
            int count = countedLength(in, 8, name);
            List<Supported> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(new Supported(new VendorCode(in.readInt()), in.readUnsignedShortLE(), in.readUnsignedShortLE()));
            }
            body = new MessagesSupported(list);
        } else if (selector == FEATURES_SUPPORTED && (vendor.equals(VendorCode.NULL) || vendor.equals(VendorCode.LIME))
                && isCounted(in, 6)) {
            int count = in.readUnsignedShortLE();
            List<Feature> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] featureName = new byte[4];
                in.readBytes(featureName);
                list.add(new Feature(new String(featureName, StandardCharsets.ISO_8859_1), in.readUnsignedShortLE()));
            }
            body = new FeaturesSupported(list);
        } else if (vendor.equals(VendorCode.BEAR) && selector == HOPS_FLOW) {
            exactLength(in, 1, name);
            body = new HopsFlow(in.readUnsignedByte());
        } else if (vendor.equals(VendorCode.BEAR) && selector == TCP_CONNECT_BACK) {
            exactLength(in, 2, name);
            body = new TcpConnectBack(in.readUnsignedShortLE());
        } else {
            byte[] raw = new byte[in.readableBytes()];
            in.readBytes(raw);
            body = new RawBody(Bytes.of(raw));
        }
        return new VendorMessage(standard, vendor, selector, version, body);
    }

    private static boolean isCounted(ByteBuf in, int entryLength) {
        return in.readableBytes() >= 2 && in.readableBytes() == 2 + entryLength * in.getUnsignedShortLE(in.readerIndex());
    }

    private static int countedLength(ByteBuf in, int entryLength, String name) {
        GnutellaWire.require(in, 2, name + ".count");
        int count = in.getUnsignedShortLE(in.readerIndex());
        if (in.readableBytes() != 2 + entryLength * count) {
            throw new GnutellaCodecException(name + ".length", in.readableBytes(),
                    (2 + entryLength * count) + " for " + count + " entries");
        }
        in.skipBytes(2);
        return count;
    }

    private static void exactLength(ByteBuf in, int length, String name) {
        if (in.readableBytes() != length) {
            throw new GnutellaCodecException(name + ".length", in.readableBytes(), String.valueOf(length));
        }
    }
}

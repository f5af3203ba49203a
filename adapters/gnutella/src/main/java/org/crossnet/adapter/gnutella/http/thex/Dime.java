package org.crossnet.adapter.gnutella.http.thex;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.gnutella.http.wire.HttpWireException;

/**
 * DIME messages, the envelope THEX serves its XML description and serialized tree in.
 *
 * <pre>
 *   record: VERSION:5 (=1) MB:1 ME:1 CF:1 | TYPE_T:4 RESRVD:4 | OPTIONS_LENGTH:16 | ID_LENGTH:16 | TYPE_LENGTH:16
 *           | DATA_LENGTH:32 | options, id, type, data, each padded with zeros to a multiple of 4 bytes
 *   (big-endian; MB on the first record, ME on the last)
 * </pre>
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/master/doc/RFCs/draft-nielsen-dime-02.txt">DIME
 *      draft 02, section 3.2</a>
 */
public final class Dime {
    private static final int VERSION = 1;
    private static final int HEADER = 12;
    /** Records read from one message at most. */
    public static final int MAX_RECORDS = 8;

    private Dime() {
    }

    /** Encodes the records as one message. */
    public static byte[] encode(List<DimeRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("records: none (expected: at least one)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < records.size(); i++) {
            DimeRecord r = records.get(i);
            byte[] id = r.idBytes();
            byte[] type = r.typeBytes();
            byte[] data = r.data();
            if (id.length > 0xFFFF || type.length > 0xFFFF) {
                throw new IllegalArgumentException("record: id/type longer than 65535 bytes");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.put((byte) (VERSION << 3 | (i == 0 ? 4 : 0) | (i == records.size() - 1 ? 2 : 0)));
            header.put((byte) (r.typeFormat() << 4));
            header.putShort((short) 0);
            header.putShort((short) id.length);
            header.putShort((short) type.length);
            header.putInt(data.length);
            out.writeBytes(header.array());
            padded(out, id);
            padded(out, type);
            padded(out, data);
        }
        return out.toByteArray();
    }

    /**
     * Decodes one whole message: version 1, MB on the first record, ME on the last and nothing after it, no chunked
     * records, lengths within the input.
     *
     * @throws HttpWireException reading {@code "dime.<field>: … (expected: …)"}
     */
    public static List<DimeRecord> decode(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        List<DimeRecord> records = new ArrayList<>();
        boolean end = false;
        while (!end) {
            if (records.size() == MAX_RECORDS) {
                throw new HttpWireException("dime.records", "more than " + MAX_RECORDS, "at most " + MAX_RECORDS);
            }
            if (in.remaining() < HEADER) {
                throw new HttpWireException("dime.header", in.remaining() + " bytes left", HEADER + " bytes");
            }
            int flags = in.get() & 0xFF;
            int version = flags >>> 3;
            if (version != VERSION) {
                throw new HttpWireException("dime.version", version, String.valueOf(VERSION));
            }
            boolean begin = (flags & 4) != 0;
            end = (flags & 2) != 0;
            if ((flags & 1) != 0) {
                throw new HttpWireException("dime.cf", 1, "0 (chunked records are not used by THEX)");
            }
            if (begin != records.isEmpty()) {
                throw new HttpWireException("dime.mb", begin ? 1 : 0, "1 on the first record only");
            }
            int typeFormat = (in.get() & 0xFF) >>> 4;
            int optionsLength = in.getShort() & 0xFFFF;
            int idLength = in.getShort() & 0xFFFF;
            int typeLength = in.getShort() & 0xFFFF;
            long dataLength = in.getInt() & 0xFFFF_FFFFL;
            skip(in, "dime.options", optionsLength);
            String id = text(in, "dime.id", idLength);
            String type = text(in, "dime.type", typeLength);
            if (dataLength > in.remaining()) {
                throw new HttpWireException("dime.dataLength", dataLength, "at most the " + in.remaining()
                        + " bytes left");
            }
            byte[] data = new byte[(int) dataLength];
            in.get(data);
            int padding = pad((int) dataLength);
            if (padding > in.remaining()) {
                throw new HttpWireException("dime.padding", in.remaining() + " bytes left", padding + " bytes");
            }
            in.position(in.position() + padding);
            records.add(new DimeRecord(typeFormat, type, id, data));
        }
        if (in.hasRemaining()) {
            throw new HttpWireException("dime", in.remaining() + " bytes after the ME record", "nothing");
        }
        return records;
    }

    private static void padded(ByteArrayOutputStream out, byte[] field) {
        out.writeBytes(field);
        out.writeBytes(new byte[pad(field.length)]);
    }

    private static int pad(int length) {
        return (4 - length % 4) % 4;
    }

    private static void skip(ByteBuffer in, String field, int length) {
        int padded = length + pad(length);
        if (padded > in.remaining()) {
            throw new HttpWireException(field, length, "at most the " + in.remaining() + " bytes left");
        }
        in.position(in.position() + padded);
    }

    private static String text(ByteBuffer in, String field, int length) {
        int padded = length + pad(length);
        if (padded > in.remaining()) {
            throw new HttpWireException(field, length, "at most the " + in.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        in.position(in.position() + pad(length));
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

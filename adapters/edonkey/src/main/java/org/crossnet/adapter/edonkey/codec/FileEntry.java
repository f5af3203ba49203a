package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Optional;
import org.crossnet.spi.model.Ed2kHash;

/**
 * A file as clients offer it to a server (OP_OFFERFILES) and servers return it (OP_SEARCHRESULT, UDP OP_GLOBSEARCHRES):
 * {@code <file hash 16><client id u32><port u16><tag count u32><tags>}. Tags carry the name (FT_FILENAME), size
 * (FT_FILESIZE, plus FT_FILESIZE_HI or a uint64 size for files over 4 GiB), type, sources. Immutable.
 *
 * @param clientId in an offer: the offering client's id, or 0xFBFBFBFB / 0xFCFCFCFC for "complete / incomplete, the
 *                 server fills in the id"; in a result: a source's id
 */
public record FileEntry(Ed2kHash file, long clientId, int port, List<Tag> tags) {
    /** Offer-files placeholder id of a complete file (servers with compression support). */
    public static final long COMPLETE_ID = 0xFBFBFBFBL;
    public static final int COMPLETE_PORT = 0xFBFB;
    /** Offer-files placeholder id of an incomplete file. */
    public static final long INCOMPLETE_ID = 0xFCFCFCFCL;
    public static final int INCOMPLETE_PORT = 0xFCFC;

    public FileEntry {
        tags = List.copyOf(tags);
    }

    public static FileEntry read(ByteBuf in, TagCodec codec) {
        Ed2kHash file = Wire.hash(in, "file entry hash");
        long id = Wire.u32(in, "file entry client id");
        int port = Wire.u16(in, "file entry port");
        return new FileEntry(file, id, port, codec.readList(in, TagCodec.CountWidth.U32));
    }

    public void write(ByteBuf out, TagCodec.Form form) {
        Wire.hash(out, file);
        Wire.u32(out, clientId);
        out.writeShortLE(port);
        TagCodec.standard().writeList(tags, out, TagCodec.CountWidth.U32, form);
    }

    /** FT_FILENAME. */
    public Optional<String> name() {
        return Tag.find(tags, Ed2kWire.FT_FILENAME).filter(t -> t.value() instanceof Tag.Str).map(Tag::asString);
    }

    /** The size from FT_FILESIZE (any width) plus FT_FILESIZE_HI; -1 when absent. */
    public long size() {
        Optional<Tag> lo = Tag.find(tags, Ed2kWire.FT_FILESIZE).filter(Tag::isInteger);
        if (lo.isEmpty()) {
            return -1;
        }
        long size = lo.get().asLong();
        Optional<Tag> hi = Tag.find(tags, Ed2kWire.FT_FILESIZE_HI).filter(Tag::isInteger);
        if (hi.isPresent()) {
            size = (size & 0xFFFF_FFFFL) | hi.get().asLong() << 32;
        }
        return size;
    }

    /** An integer tag's value, or {@code fallback}. */
    public long integer(int id, long fallback) {
        return Tag.find(tags, id).filter(Tag::isInteger).map(Tag::asLong).orElse(fallback);
    }

    /** A string tag's value. */
    public Optional<String> string(int id) {
        return Tag.find(tags, id).filter(t -> t.value() instanceof Tag.Str).map(Tag::asString);
    }

    /**
     * The size tags of a file: FT_FILESIZE as uint32, plus FT_FILESIZE_HI for sizes of 2^32 and more (what aMule
     * writes in offers and servers in results).
     */
    public static List<Tag> sizeTags(long size) {
        if (size > 0xFFFF_FFFFL) {
            return List.of(Tag.uint32(Ed2kWire.FT_FILESIZE, size & 0xFFFF_FFFFL),
                    Tag.uint32(Ed2kWire.FT_FILESIZE_HI, size >>> 32));
        }
        return List.of(Tag.uint32(Ed2kWire.FT_FILESIZE, size));
    }
}

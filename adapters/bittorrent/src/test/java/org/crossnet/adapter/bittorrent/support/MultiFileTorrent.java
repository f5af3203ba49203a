package org.crossnet.adapter.bittorrent.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BValue;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.model.ContentFile;

/**
 * A multi-file torrent (BEP 3 {@code files} list) over given file contents, for tests: its info dictionary, the
 * concatenated byte space the pieces hash, the expected {@link ContentFile} layout, and the files written to disk.
 *
 * @param name  the torrent's name (the folder a client stores the files in)
 * @param files the files in order
 */
public record MultiFileTorrent(String name, List<Entry> files) {
    /** One file: its path components below {@code name} and its bytes. */
    public record Entry(List<String> path, byte[] data) {
        public Entry {
            path = List.copyOf(path);
        }
    }

    public MultiFileTorrent {
        files = List.copyOf(files);
        if (files.size() < 2) {
            throw new IllegalArgumentException("files: " + files.size() + " (expected: at least 2)");
        }
    }

    /** The files' bytes one after another, as the pieces see them. */
    public byte[] concatenation() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : files) {
            out.writeBytes(e.data());
        }
        return out.toByteArray();
    }

    /** The layout a downloader must report: path, length and offset of each file in the byte space. */
    public List<ContentFile> layout() {
        List<ContentFile> out = new ArrayList<>();
        long offset = 0;
        for (Entry e : files) {
            out.add(new ContentFile(e.path(), e.data().length, offset));
            offset += e.data().length;
        }
        return out;
    }

    /** The bencoded info dictionary: name, piece length, pieces, files (length, path). */
    public byte[] info(int pieceLength) {
        byte[] all = concatenation();
        int pieces = (all.length + pieceLength - 1) / pieceLength;
        byte[] hashes = new byte[pieces * 20];
        for (int i = 0; i < pieces; i++) {
            byte[] piece = Arrays.copyOfRange(all, i * pieceLength, Math.min(all.length, (i + 1) * pieceLength));
            System.arraycopy(TestTorrents.sha1(piece), 0, hashes, i * 20, 20);
        }
        List<BValue> list = new ArrayList<>();
        for (Entry e : files) {
            List<BValue> path = new ArrayList<>();
            e.path().forEach(p -> path.add(BString.of(p)));
            list.add(BDictionary.builder().put("length", e.data().length).put("path", new BList(path)).build());
        }
        return BencodeEncoder.encode(BDictionary.builder().put("name", name).put("files", new BList(list))
                .put("piece length", pieceLength).put("pieces", BString.of(hashes)).build());
    }

    /** Writes the files under {@code parent}/{@code name}/… (empty files included) and returns that folder. */
    public Path writeTo(Path parent) {
        try {
            Path root = parent.resolve(name);
            for (Entry e : files) {
                Path file = root.resolve(String.join("/", e.path()));
                Files.createDirectories(file.getParent());
                Files.write(file, e.data());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the files back from {@code root} and concatenates them in torrent order. */
    public byte[] readConcatenation(Path root) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Entry e : files) {
                out.writeBytes(Files.readAllBytes(root.resolve(String.join("/", e.path()))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

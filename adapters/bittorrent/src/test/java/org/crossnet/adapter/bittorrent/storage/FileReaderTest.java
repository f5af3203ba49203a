package org.crossnet.adapter.bittorrent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] data) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, data);
        return file;
    }

    private static byte[] read(FileReader reader, long offset, int length) {
        ByteBuffer dst = ByteBuffer.allocate(length);
        reader.read(offset, dst);
        assertThat(dst.hasRemaining()).isFalse();
        return dst.array();
    }

    @Test
    void readsBlocksAndLongerSpansAtAnyOffset() throws Exception {
        byte[] data = TestTorrents.data(3 * 1024 * 1024 + 77, 4);
        try (FileReader reader = new FileReader(write("a.bin", data))) {
            assertThat(read(reader, 0, 16_384)).isEqualTo(Arrays.copyOfRange(data, 0, 16_384));
            assertThat(read(reader, 1_048_576 - 5, 1_048_576))
                    .isEqualTo(Arrays.copyOfRange(data, 1_048_576 - 5, 2 * 1_048_576 - 5));
            assertThat(read(reader, data.length - 77, 77)).isEqualTo(Arrays.copyOfRange(data, data.length - 77,
                    data.length));
        }
    }

    @Test
    void keepsOneChannelOpenBetweenReads() throws Exception {
        byte[] data = TestTorrents.data(64 * 1024, 5);
        Path file = write("b.bin", data);
        try (FileReader reader = new FileReader(file)) {
            assertThat(reader.isOpen()).as("opened lazily").isFalse();
            read(reader, 0, 100);
            assertThat(reader.isOpen()).isTrue();
            Files.delete(file);
            // Only a channel opened before the delete can still read the bytes: the reader did not reopen.
            assertThat(read(reader, 32_768, 16_384)).isEqualTo(Arrays.copyOfRange(data, 32_768, 49_152));
        }
    }

    @Test
    void aFailedReadDropsTheChannelAndTheNextReadReopens() throws Exception {
        byte[] data = TestTorrents.data(20_000, 6);
        Path file = write("c.bin", data);
        try (FileReader reader = new FileReader(file)) {
            assertThatThrownBy(() -> read(reader, 19_000, 16_384)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("shared file unreadable at 20000").hasMessageContaining("c.bin");
            assertThat(reader.isOpen()).isFalse();
            byte[] replaced = TestTorrents.data(20_000, 7);
            Files.write(file, replaced);
            assertThat(read(reader, 0, 1000)).isEqualTo(Arrays.copyOf(replaced, 1000));
        }
    }

    @Test
    void aMissingFileFailsWithItsPath() {
        FileReader reader = new FileReader(dir.resolve("missing.bin"));
        assertThatThrownBy(() -> read(reader, 0, 10)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("shared file unreadable: ").hasMessageContaining("missing.bin");
    }

    @Test
    void closeReleasesTheChannelAndLaterReadsFail() throws Exception {
        FileReader reader = new FileReader(write("d.bin", TestTorrents.data(1000, 8)));
        read(reader, 0, 10);
        reader.close();
        reader.close();
        assertThat(reader.isOpen()).isFalse();
        assertThatThrownBy(() -> read(reader, 0, 10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reader: closed (expected: open)");
    }
}

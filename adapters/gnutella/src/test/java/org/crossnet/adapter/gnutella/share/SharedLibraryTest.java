package org.crossnet.adapter.gnutella.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.Extensions;
import org.crossnet.adapter.gnutella.codec.Query;
import org.crossnet.adapter.gnutella.codec.WireText;
import org.crossnet.adapter.gnutella.support.TestShares;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.ShareId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File indexes, query matching by words and URNs, and the route table of the shared names. */
class SharedLibraryTest {
    @TempDir
    Path dir;

    @Test
    void indexesMatchingAndRemoval() {
        SharedLibrary lib = new SharedLibrary();
        SharedFile song = TestShares.file(dir, "Some Artist - Great Song.mp3", 1500, 1);
        SharedFile photo = TestShares.file(dir, "holiday photo 2024.jpg", 3000, 2);
        SharedLibrary.Entry e1 = lib.add(song);
        SharedLibrary.Entry e2 = lib.add(photo);
        assertThat(lib.add(song)).as("idempotent per SHA-1").isEqualTo(e1);
        assertThat(e1.index()).isEqualTo(1);
        assertThat(e2.index()).isEqualTo(2);
        assertThat(lib.byIndex(2)).contains(e2);
        assertThat(lib.kilobytes()).isEqualTo(2 + 3);

        assertThat(lib.match(Query.of(0x8000, "great SONG"), 10)).containsExactly(e1);
        assertThat(lib.match(Query.of(0x8000, "song photo"), 10)).isEmpty();
        assertThat(lib.match(Query.of(0x8000, "a b"), 10)).as("no word of 3 characters").isEmpty();
        Query byUrn = new Query(0x8000, WireText.of(""), Extensions.of(Extensions.Urn.sha1(photo.content().sha1())));
        assertThat(lib.match(byUrn, 10)).containsExactly(e2);

        var table = lib.routeTable(16);
        assertThat(table.matches(List.of("great", "song"), List.of())).isTrue();
        assertThat(table.matches(List.of("holi"), List.of())).as("prefix").isTrue();
        assertThat(table.matches(List.of("nothing"), List.of())).isFalse();
        assertThat(table.matches(List.of(), List.of("urn:sha1:" + photo.content().sha1().bytes().base32())))
                .isTrue();

        long version = lib.version();
        assertThat(lib.remove(photo.content())).isTrue();
        assertThat(lib.remove(photo.content())).isFalse();
        assertThat(lib.version()).isGreaterThan(version);
        assertThat(lib.match(byUrn, 10)).isEmpty();
    }

    @Test
    void takesIndexesGivenByTheHttpPart() {
        SharedLibrary lib = new SharedLibrary();
        SharedFile a = TestShares.file(dir, "a.bin", 10, 1);
        SharedFile b = TestShares.file(dir, "b.bin", 10, 2);
        assertThat(lib.add(a, 7).index()).isEqualTo(7);
        assertThatThrownBy(() -> lib.add(b, 7)).hasMessageContaining("index: 7 (expected: 0..4294967295, not used");
        assertThat(lib.add(b).index()).as("the next free one").isEqualTo(8);
    }

    @Test
    void refusesFilesWithoutSha1() {
        SharedFile noSha1 = new SharedFile(ShareId.random(), new ContentId(1, "x", null, null, null, null,
                new org.crossnet.spi.model.InfoHash(org.crossnet.spi.model.Bytes.of(new byte[20]))), dir, List.of(),
                null);
        assertThatThrownBy(() -> new SharedLibrary().add(noSha1)).hasMessageContaining("content.sha1: null");
        assertThat(Sha1.LENGTH).isEqualTo(20);
    }
}

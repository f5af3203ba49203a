package org.crossnet.adapter.edonkey.kad.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.Keywords;
import org.crossnet.adapter.edonkey.kad.codec.KadMessage;
import org.crossnet.adapter.edonkey.kad.codec.KadTags;
import org.crossnet.adapter.edonkey.kad.codec.SearchExpression;
import org.crossnet.spi.model.Bytes;
import org.junit.jupiter.api.Test;

class KadIndexTest {
    private static final long HOUR = 3_600_000;
    private final KadId keyword = Keywords.hash("index");

    private static Inet4Address ip(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    private static KadMessage.Entry file(int n, String name, long size, Tag... more) {
        List<Tag> tags = new java.util.ArrayList<>(List.of(Tag.string(KadTags.FILENAME, name),
                Tag.integer(KadTags.FILESIZE, size)));
        tags.addAll(List.of(more));
        return new KadMessage.Entry(KadId.of(0, n), tags);
    }

    @Test
    void storesMatchesAndExpiresKeywordEntries() throws Exception {
        KadIndex index = new KadIndex(KadIndex.Limits.defaults());
        assertThat(index.addKeyword(keyword, file(1, "Index Song.mp3", 5_000_000,
                Tag.string(KadTags.FILETYPE, "Audio")), ip("198.51.100.2"), 0).kept()).isTrue();
        assertThat(index.addKeyword(keyword, file(2, "index movie.avi", 700_000_000,
                Tag.string(KadTags.FILETYPE, "Video")), ip("198.51.100.3"), 0).kept()).isTrue();
        // republished by another node: one entry, two publishers
        assertThat(index.addKeyword(keyword, file(2, "index movie.avi", 700_000_000), ip("198.51.100.4"), 10).kept())
                .isTrue();
        assertThat(index.keywordEntries()).isEqualTo(2);
        // no name or no size: refused, as aMule refuses them
        assertThat(index.addKeyword(keyword, new KadMessage.Entry(KadId.of(0, 3),
                List.of(Tag.integer(KadTags.FILESIZE, 5))), ip("198.51.100.2"), 0).kept()).isFalse();

        assertThat(index.keywordResults(keyword, Optional.empty(), 0, 20)).hasSize(2);
        SearchExpression audio = new SearchExpression.MetaTag("audio", new Tag.Id(KadTags.FILETYPE));
        assertThat(index.keywordResults(keyword, Optional.of(audio), 0, 20)).extracting(KadMessage.Entry::id)
                .containsExactly(KadId.of(0, 1));
        SearchExpression big = new SearchExpression.Numeric(100_000_000, false,
                SearchExpression.Relation.GREATER, new Tag.Id(KadTags.FILESIZE));
        assertThat(index.keywordResults(keyword, Optional.of(big), 0, 20)).extracting(KadMessage.Entry::id)
                .containsExactly(KadId.of(0, 2));
        SearchExpression words = new SearchExpression.Bool(SearchExpression.BooleanOperator.AND_NOT,
                new SearchExpression.Words("index"), new SearchExpression.Words("movie"));
        assertThat(index.keywordResults(keyword, Optional.of(words), 0, 20)).extracting(KadMessage.Entry::id)
                .containsExactly(KadId.of(0, 1));
        assertThat(index.keywordResults(keyword, Optional.empty(), 1, 20)).hasSize(1);
        // results carry the publish info: one name, two publishers, trust 1.00
        KadMessage.Entry movie = index.keywordResults(keyword, Optional.of(big), 0, 20).get(0);
        assertThat(Tag.find(movie.tags(), KadTags.PUBLISHINFO).orElseThrow().asLong()).isEqualTo(0x0102_0064L);

        index.expire(24 * HOUR + 5);
        assertThat(index.keywordEntries()).isEqualTo(1);
        index.expire(24 * HOUR + 10);
        assertThat(index.keywordEntries()).isZero();
        assertThat(index.keywordResults(keyword, Optional.empty(), 0, 24 * HOUR + 10)).isEmpty();
    }

    @Test
    void refusesBeyondItsLimitsButReportsFullLoad() throws Exception {
        KadIndex index = new KadIndex(new KadIndex.Limits(3, 2, 10, 2, HOUR, HOUR));
        assertThat(index.addKeyword(keyword, file(1, "a index", 1), ip("10.0.0.1"), 0)).isEqualTo(
                new KadIndex.Stored(true, 1));
        assertThat(index.addKeyword(keyword, file(2, "b index", 1), ip("10.0.0.1"), 0)).isEqualTo(
                new KadIndex.Stored(true, 50));
        assertThat(index.addKeyword(keyword, file(3, "c index", 1), ip("10.0.0.1"), 0)).isEqualTo(
                new KadIndex.Stored(false, 100));
        assertThat(index.addKeyword(Keywords.hash("other"), file(3, "c other", 1), ip("10.0.0.1"), 0).kept())
                .isTrue();
        assertThat(index.addKeyword(Keywords.hash("third"), file(4, "d third", 1), ip("10.0.0.1"), 0)).isEqualTo(
                new KadIndex.Stored(false, 100));
    }

    @Test
    void storesSourcesWithTheSenderAddressAndEvictsTheOldest() throws Exception {
        KadIndex index = new KadIndex(new KadIndex.Limits(10, 10, 10, 2, HOUR, 5 * HOUR));
        KadId file = KadId.of(7, 7);
        List<Tag> tags = List.of(Tag.uint8(KadTags.SOURCETYPE, 1), Tag.uint16(KadTags.SOURCEPORT, 4662),
                Tag.integer(KadTags.FILESIZE, 12));
        assertThat(index.addSource(file, KadId.of(1, 1), tags, ip("198.51.100.2"), 4672, 0).kept()).isTrue();
        assertThat(index.addSource(file, KadId.of(1, 2), tags, ip("198.51.100.3"), 4673, 0).kept()).isTrue();
        // same address and port again: replaced, not added
        assertThat(index.addSource(file, KadId.of(1, 2), tags, ip("198.51.100.3"), 4673, 1).kept()).isTrue();
        assertThat(index.sourceEntries()).isEqualTo(2);
        // a third source pushes the oldest out
        assertThat(index.addSource(file, KadId.of(1, 3), tags, ip("198.51.100.4"), 4674, 2)).isEqualTo(
                new KadIndex.Stored(true, 100));
        List<KadMessage.Entry> results = index.sourceResults(file, 0, 12, 3);
        assertThat(results).extracting(KadMessage.Entry::id).containsExactly(KadId.of(1, 2), KadId.of(1, 3));
        // what searchers get: the IP first (host order), then the tags, plus the UDP port it came from
        List<Tag> returned = results.get(1).tags();
        assertThat(returned.get(0)).isEqualTo(Tag.integer(KadTags.SOURCEIP, 0xC6336404L));
        assertThat(Tag.find(returned, KadTags.SOURCEUPORT).orElseThrow().asLong()).isEqualTo(4674);
        // another size: not a source of this file
        assertThat(index.sourceResults(file, 0, 13, 3)).isEmpty();
        // no source type or TCP port: refused
        assertThat(index.addSource(file, KadId.of(1, 4), List.of(Tag.uint16(KadTags.SOURCEPORT, 1)),
                ip("198.51.100.5"), 1, 0).kept()).isFalse();
        index.expire(5 * HOUR + 3);
        assertThat(index.sourceEntries()).isZero();
    }

    @Test
    void readsKad1SizeBsobs() {
        byte[] le = {0x00, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00, 0x00};
        assertThat(KadIndex.sizeOf(Tag.bsob(KadTags.FILESIZE, Bytes.of(le)))).isEqualTo(0x1_4000_0000L);
        assertThat(KadIndex.sizeOf(Tag.string(KadTags.FILESIZE, "x"))).isEqualTo(-1);
    }
}

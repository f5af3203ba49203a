package org.crossnet.adapter.edonkey.kad;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.codec.KadTags;
import org.crossnet.adapter.edonkey.kad.codec.SearchExpression;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.junit.jupiter.api.Test;

class KadSearchHitsTest {
    @Test
    void looksUpTheLongestWordAndSendsTheRestAsAnExpression() {
        SearchQuery query = new SearchQuery(List.of("big", "Trailer", "of.the year"), 1_000, 5_000_000_000L,
                MediaType.VIDEO, Set.of());
        assertThat(KadSearchHits.keyword(query)).contains("trailer");
        SearchExpression e = KadSearchHits.expression(query, "trailer").orElseThrow();
        Tag.Name size = new Tag.Id(KadTags.FILESIZE);
        assertThat(e).isEqualTo(SearchExpression.and(SearchExpression.and(SearchExpression.and(
                new SearchExpression.Words("big the year"),
                new SearchExpression.Numeric(1_000, false, SearchExpression.Relation.GREATER_EQUAL, size)),
                new SearchExpression.Numeric(5_000_000_000L, true, SearchExpression.Relation.LESS_EQUAL, size)),
                new SearchExpression.MetaTag("Video", new Tag.Id(KadTags.FILETYPE))));
        assertThat(KadSearchHits.expression(SearchQuery.ofKeywords("alone"), "alone")).isEmpty();
        assertThat(KadSearchHits.keyword(SearchQuery.ofKeywords("ab", "c"))).isEmpty();
    }

    @Test
    void filtersResultsAndMapsThemToEd2kHits() {
        Ed2kHash hash = new Ed2kHash(Bytes.fromHex("5764d5b1eb3dd2cd5821516ead57ea48"));
        KadKeywordResult video = new KadKeywordResult(hash, "The Trailer.avi", 700, Optional.empty(), 3,
                List.of(), new InetSocketAddress("198.51.100.2", 4672));
        SearchQuery videos = new SearchQuery(List.of("trailer"), 0, Long.MAX_VALUE, MediaType.VIDEO, Set.of());
        assertThat(KadSearchHits.accepts(videos, video)).isTrue();
        assertThat(KadSearchHits.accepts(new SearchQuery(List.of("trailer"), 0, Long.MAX_VALUE, MediaType.AUDIO,
                Set.of()), video)).isFalse();
        assertThat(KadSearchHits.accepts(SearchQuery.ofKeywords("trailer", "missing"), video)).isFalse();
        SearchHit hit = KadSearchHits.toSearchHit(video, new NetworkId("edonkey"));
        assertThat(hit.content().ed2k()).isEqualTo(hash);
        assertThat(hit.content().size()).isEqualTo(700);
        assertThat(hit.sources()).isEqualTo(3);
        assertThat(Ed2kFileTypes.ofName("x.MKV")).contains("Video");
        assertThat(Ed2kFileTypes.ofName("noext")).isEmpty();
    }
}

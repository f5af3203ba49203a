package org.crossnet.adapter.edonkey.kad;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.codec.KadTags;
import org.crossnet.adapter.edonkey.kad.codec.SearchExpression;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;

/**
 * Between the SPI's search model and Kad's: which word of a query is looked up, the search expression that carries
 * the rest, whether a result satisfies the query, and the {@link SearchHit} of a result. Stateless.
 */
public final class KadSearchHits {
    private KadSearchHits() {
    }

    /**
     * The word to look up: the longest Kad word of the query (the most selective key, as aMule's search list picks
     * it); empty when no word has three UTF-8 bytes.
     */
    public static Optional<String> keyword(SearchQuery query) {
        return words(query).stream().max(Comparator.comparingInt(String::length));
    }

    /**
     * What the storing nodes filter on besides the keyword: the other words, the size range (32-bit terms when the
     * bound fits, 64-bit otherwise) and the media type, joined by AND; empty when nothing remains.
     */
    public static Optional<SearchExpression> expression(SearchQuery query, String keyword) {
        List<SearchExpression> terms = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>(words(query));
        others.remove(keyword);
        if (!others.isEmpty()) {
            terms.add(new SearchExpression.Words(String.join(" ", others)));
        }
        Tag.Name size = new Tag.Id(KadTags.FILESIZE);
        if (query.minSize() > 0) {
            terms.add(new SearchExpression.Numeric(query.minSize(), query.minSize() > 0xFFFF_FFFFL,
                    SearchExpression.Relation.GREATER_EQUAL, size));
        }
        if (query.maxSize() < Long.MAX_VALUE) {
            terms.add(new SearchExpression.Numeric(query.maxSize(), query.maxSize() > 0xFFFF_FFFFL,
                    SearchExpression.Relation.LESS_EQUAL, size));
        }
        Ed2kFileTypes.of(query.media()).ifPresent(type -> terms.add(new SearchExpression.MetaTag(type,
                new Tag.Id(KadTags.FILETYPE))));
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        SearchExpression e = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            e = SearchExpression.and(e, terms.get(i));
        }
        return Optional.of(e);
    }

    /** True when a result satisfies the query: name words, size range and (when asked) media type. */
    public static boolean accepts(SearchQuery query, KadKeywordResult result) {
        if (!query.accepts(result.name(), result.size())) {
            return false;
        }
        Optional<String> wanted = Ed2kFileTypes.of(query.media());
        if (wanted.isEmpty()) {
            return true;
        }
        Optional<String> type = result.fileType().or(() -> Ed2kFileTypes.ofName(result.name()));
        return type.isPresent() && type.get().equalsIgnoreCase(wanted.get());
    }

    /** The SPI hit of a result: an ed2k content id, the node-reported name, size and source count. */
    public static SearchHit toSearchHit(KadKeywordResult result, NetworkId network) {
        ContentId content = new ContentId(result.size(), result.name(), null, result.file(), null, null, null);
        return new SearchHit(result.name(), result.size(), content, network, result.sources(), Map.of());
    }

    private static List<String> words(SearchQuery query) {
        return Keywords.words(String.join(" ", query.keywords()));
    }
}

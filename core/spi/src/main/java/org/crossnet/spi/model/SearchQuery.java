package org.crossnet.spi.model;

import java.util.List;
import java.util.Set;

/**
 * A search across networks. Immutable.
 *
 * @param keywords one or more words, all of which a hit's name must match; at most 16, each 1–64 characters
 * @param minSize  smallest size in bytes, 0 for no bound
 * @param maxSize  largest size in bytes, {@link Long#MAX_VALUE} for no bound
 * @param media    media class, {@link MediaType#ANY} for all
 * @param networks networks to ask; empty means every enabled network with search
 */
public record SearchQuery(List<String> keywords, long minSize, long maxSize, MediaType media, Set<NetworkId> networks) {
    public static final int MAX_KEYWORDS = 16;
    public static final int MAX_KEYWORD_LENGTH = 64;

    public SearchQuery {
        if (keywords == null || keywords.isEmpty() || keywords.size() > MAX_KEYWORDS) {
            throw new IllegalArgumentException("keywords: " + (keywords == null ? "null" : keywords.size() + " words")
                    + " (expected: 1.." + MAX_KEYWORDS + " words)");
        }
        for (String k : keywords) {
            if (k == null || k.isBlank() || k.length() > MAX_KEYWORD_LENGTH || k.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("keyword: " + k + " (expected: 1.." + MAX_KEYWORD_LENGTH
                        + " printable characters)");
            }
        }
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("size range: " + minSize + ".." + maxSize
                    + " (expected: 0 <= minSize <= maxSize)");
        }
        keywords = List.copyOf(keywords);
        media = media == null ? MediaType.ANY : media;
        networks = networks == null ? Set.of() : Set.copyOf(networks);
    }

    /** A query for keywords with no other constraint. */
    public static SearchQuery ofKeywords(String... words) {
        return new SearchQuery(List.of(words), 0, Long.MAX_VALUE, MediaType.ANY, Set.of());
    }

    /** True when a hit of this name and size satisfies the query (case-insensitive word containment). */
    public boolean accepts(String name, long size) {
        if (size >= 0 && (size < minSize || size > maxSize)) {
            return false;
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (String k : keywords) {
            if (!lower.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}

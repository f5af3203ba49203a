package org.crossnet.spi.bencode;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.crossnet.spi.model.Bytes;

/**
 * A bencoded dictionary, {@code d<key><value>…e}, its keys byte strings in ascending unsigned byte order. Immutable
 * and thread-safe.
 *
 * <p>A dictionary produced by {@link BencodeDecoder} also carries the exact bytes it was decoded from
 * ({@link #raw()}), so that an infohash can be taken over the info dictionary as received rather than as
 * re-encoded. Equality ignores the raw bytes: a decoded dictionary equals one built in code with the same entries.
 */
public final class BDictionary implements BValue {
    private final SortedMap<BString, BValue> entries;
    private final Bytes raw;

    private BDictionary(SortedMap<BString, BValue> entries, Bytes raw) {
        this.entries = Collections.unmodifiableSortedMap(entries);
        this.raw = raw;
    }

    /** A dictionary of the given entries, sorted by key; keys and values must not be null. */
    public static BDictionary of(Map<BString, ? extends BValue> entries) {
        TreeMap<BString, BValue> copy = new TreeMap<>();
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return new BDictionary(copy, null);
    }

    /** A builder whose keys are given as UTF-8 text. */
    public static Builder builder() {
        return new Builder();
    }

    /** Used by the decoder: {@code entries} is already sorted and owned by the new dictionary. */
    static BDictionary decoded(TreeMap<BString, BValue> entries, Bytes raw) {
        return new BDictionary(entries, raw);
    }

    /** The entries in key order; unmodifiable. */
    public SortedMap<BString, BValue> entries() {
        return entries;
    }

    /** The value for a UTF-8 key, if present. */
    public Optional<BValue> get(String key) {
        return Optional.ofNullable(entries.get(BString.of(key)));
    }

    /**
     * The bytes this dictionary was decoded from, from its {@code d} to its closing {@code e}; empty for a dictionary
     * built in code.
     */
    public Optional<Bytes> raw() {
        return Optional.ofNullable(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDictionary other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "BDictionary" + entries;
    }

    /** Collects entries in any order; {@link #build()} sorts them. Not thread-safe. */
    public static final class Builder {
        private final TreeMap<BString, BValue> entries = new TreeMap<>();

        private Builder() {
        }

        /** Adds or replaces an entry. */
        public Builder put(String key, BValue value) {
            entries.put(BString.of(key), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds or replaces a UTF-8 string entry. */
        public Builder put(String key, String value) {
            return put(key, BString.of(value));
        }

        /** Adds or replaces an integer entry. */
        public Builder put(String key, long value) {
            return put(key, new BInteger(value));
        }

        public BDictionary build() {
            return new BDictionary(new TreeMap<>(entries), null);
        }
    }
}

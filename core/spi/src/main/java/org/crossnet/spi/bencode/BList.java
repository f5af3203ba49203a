package org.crossnet.spi.bencode;

import java.util.List;

/** A bencoded list, {@code l<values>e}. The list is an unmodifiable copy. */
public record BList(List<BValue> values) implements BValue {
    public BList {
        if (values == null) {
            throw new IllegalArgumentException("values: null (expected: a list, possibly empty)");
        }
        values = List.copyOf(values);
    }

    /** A list of the given values. */
    public static BList of(BValue... values) {
        return new BList(List.of(values));
    }
}

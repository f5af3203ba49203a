package org.crossnet.api.rest.wire;

import java.util.Collection;
import java.util.List;

/** The one ordering rule of the wire forms: lists of ids and enum names are sorted by their text. */
final class Sorting {
    private Sorting() {
    }

    static List<String> names(Collection<?> values) {
        return values.stream().map(Object::toString).sorted().toList();
    }
}

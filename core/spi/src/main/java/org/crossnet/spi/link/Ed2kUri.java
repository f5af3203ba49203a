package org.crossnet.spi.link;

import java.util.List;

/**
 * Splits an ed2k URI into its '|'-separated fields, as aMule's CED2KLink::CreateLinkFromUrl does:
 * {@code ed2k://|<type>|<field>|…|/} optionally followed by {@code |sources,…|/}. The first field is the type.
 */
final class Ed2kUri {
    private static final String PREFIX = "ed2k://|";

    private Ed2kUri() {
    }

    /** The fields after {@code ed2k://|}, the type first and {@code "/"} last. */
    static List<String> fields(String link, int maxLength) {
        if (link == null) {
            throw LinkText.invalid("link", null, "an ed2k:// link");
        }
        if (link.length() > maxLength) {
            throw LinkText.invalid("link", link.length() + " characters", "at most " + maxLength + " characters");
        }
        if (!LinkText.startsWithIgnoreCase(link, PREFIX)) {
            throw LinkText.invalid("link", link, "an ed2k link starting with ed2k://|");
        }
        if (!link.endsWith("|/")) {
            throw LinkText.invalid("link", link, "an ed2k link ending in |/");
        }
        return List.of(link.substring(PREFIX.length()).split("\\|", -1));
    }

    /** True when the field equals {@code lower} ignoring ASCII case only. */
    static boolean isType(String field, String lower) {
        return field.length() == lower.length() && LinkText.startsWithIgnoreCase(field, lower);
    }
}

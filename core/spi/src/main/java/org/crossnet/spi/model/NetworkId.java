package org.crossnet.spi.model;

import java.util.regex.Pattern;

/**
 * A network adapter's stable id: lowercase letters, digits and '-', 2 to 32 characters (e.g. {@code bittorrent}).
 * It is also the adapter's config prefix {@code crossnet.adapters.<id>.*}.
 */
public record NetworkId(String value) {
    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    public NetworkId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("network: " + value + " (expected: [a-z][a-z0-9-]{1,31})");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

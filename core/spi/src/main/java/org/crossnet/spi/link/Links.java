package org.crossnet.spi.link;

import org.crossnet.spi.error.GatewayException;

/** The entry point for {@code transfer.addLink}: tells a magnet URI from an ed2k file link and parses it. */
public final class Links {
    private static final String EXPECTED = "a magnet URI (magnet:?xt=…) or an ed2k file link (ed2k://|file|…|/)";

    private Links() {
    }

    /**
     * Parses a pasted link. Leading and trailing whitespace is dropped (copying from a page or chat adds it); the
     * scheme is case-insensitive. ed2k server and server-list links are refused: they name no content.
     *
     * @return a {@link MagnetLink} or an {@link Ed2kLink}
     * @throws GatewayException INVALID_ARGUMENT reading {@code "field: value (expected: …)"}
     */
    public static TransferLink parse(String link) {
        if (link == null) {
            throw LinkText.invalid("link", null, EXPECTED);
        }
        if (link.length() > Ed2kLink.MAX_LENGTH) {
            throw LinkText.invalid("link", link.length() + " characters", "at most " + Ed2kLink.MAX_LENGTH
                    + " characters");
        }
        String text = link.strip();
        if (LinkText.startsWithIgnoreCase(text, "magnet:")) {
            return MagnetLink.parse(text);
        }
        if (LinkText.startsWithIgnoreCase(text, "ed2k://|server|")
                || LinkText.startsWithIgnoreCase(text, "ed2k://|serverlist|")) {
            throw LinkText.invalid("link", text, EXPECTED + "; an ed2k server link adds a server, not a transfer");
        }
        if (LinkText.startsWithIgnoreCase(text, "ed2k:")) {
            return Ed2kLink.parse(text);
        }
        throw LinkText.invalid("link", text, EXPECTED);
    }
}

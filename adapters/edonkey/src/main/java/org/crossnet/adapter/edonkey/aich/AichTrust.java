package org.crossnet.adapter.edonkey.aich;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.crossnet.spi.model.AichRoot;

/**
 * Which AICH root a download trusts. A root from the link ({@code |h=…|}) is trusted at once. Otherwise roots the
 * sources announce are counted per /20 network, as aMule does: a root is trusted once at least
 * {@link #MIN_NETWORKS} networks sent it and they are at least {@link #MIN_PERCENT}% of all networks that sent any
 * root; a later majority for another root replaces it. Confined to the download's event loop.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/SHAHashSet.cpp">aMule SHAHashSet.cpp
 *      (UntrustedHashReceived)</a>
 */
public final class AichTrust {
    /** Distinct /20 networks that must agree on a root (aMule's MINUNIQUEIPS_TOTRUST). */
    public static final int MIN_NETWORKS = 10;
    /** Share of all announcing networks that must agree (aMule's MINPERCENTAGE_TOTRUST). */
    public static final int MIN_PERCENT = 92;

    private final AichRoot fromLink;
    private final Map<AichRoot, Set<Integer>> votes = new HashMap<>();
    private AichRoot trusted;
    private boolean failed;

    /** @param fromLink the link's root, or null */
    public AichTrust(AichRoot fromLink) {
        this.fromLink = fromLink;
        this.trusted = fromLink;
    }

    /** The trusted root, or null (none yet, or the root was found wrong). */
    public AichRoot trusted() {
        return failed ? null : trusted;
    }

    /** A source at {@code address} announced {@code root}; returns whether the trusted root changed. */
    public boolean announced(AichRoot root, InetAddress address) {
        if (fromLink != null || failed || address == null) {
            return false;
        }
        byte[] ip = address.getAddress();
        if (ip.length != 4) {
            return false;
        }
        int network = (ip[0] & 0xFF) << 24 | (ip[1] & 0xFF) << 16 | (ip[2] & 0xF0) << 8;
        if (!votes.computeIfAbsent(root, r -> new HashSet<>()).add(network)) {
            return false;
        }
        int total = 0;
        AichRoot best = null;
        int bestCount = 0;
        for (Map.Entry<AichRoot, Set<Integer>> e : votes.entrySet()) {
            total += e.getValue().size();
            if (e.getValue().size() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue().size();
            }
        }
        AichRoot now = bestCount >= MIN_NETWORKS && bestCount * 100 >= total * MIN_PERCENT ? best : null;
        boolean changed = now != null && !now.equals(trusted);
        if (now != null) {
            trusted = now;
        }
        return changed;
    }

    /**
     * The trusted root contradicted the part hashes (a part failed its MD4 check, yet every block matched recovery
     * data verified against the root): AICH is not used for this download any more, as aMule sets its hashset to
     * the error state then.
     */
    public void fail() {
        failed = true;
    }
}

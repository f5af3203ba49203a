package org.crossnet.spi;

/** One network's part in one transfer. */
public interface DownloadSession {
    /** Stops requesting data but keeps what is stored; idempotent. */
    void pause();

    /** Resumes after {@link #pause()}; idempotent. */
    void resume();

    /**
     * Every byte is verified (by this or another network): stop fetching. The session may keep serving the content
     * to its peers (BitTorrent seeding) until {@link #close()}; one that cannot simply returns {@code false}, and the
     * engine closes it.
     *
     * @return true when the session stays open to upload
     */
    boolean completed();

    /**
     * Caps this transfer's payload rates on this network, on top of the adapter's global limits; 0 = no cap.
     * Called on any thread, possibly before data flows; a session that cannot throttle ignores it (the engine
     * reports the limit as set either way). Non-blocking.
     *
     * @param downloadBytesPerSecond download cap, >= 0
     * @param uploadBytesPerSecond   upload cap, >= 0
     */
    default void rateLimits(long downloadBytesPerSecond, long uploadBytesPerSecond) {
    }

    /** Ends this network's part; no sink call follows after it returns. Idempotent. */
    void close();
}

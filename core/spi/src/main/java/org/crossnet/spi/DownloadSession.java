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

    /** Ends this network's part; no sink call follows after it returns. Idempotent. */
    void close();
}

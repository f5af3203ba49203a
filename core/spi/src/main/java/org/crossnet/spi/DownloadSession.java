package org.crossnet.spi;

/** One network's part in one transfer. */
public interface DownloadSession {
    /** Stops requesting data but keeps what is stored; idempotent. */
    void pause();

    /** Resumes after {@link #pause()}; idempotent. */
    void resume();

    /** Ends this network's part; no sink call follows after it returns. Idempotent. */
    void close();
}

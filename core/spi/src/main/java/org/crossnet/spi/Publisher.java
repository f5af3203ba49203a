package org.crossnet.spi;

import org.crossnet.spi.model.ContentId;

/** Announces shared files on one network and serves them to its peers. */
public interface Publisher {
    /** Starts announcing and serving {@code file}. Idempotent per content. Called on a non-event-loop thread. */
    void publish(SharedFile file);

    /** Stops announcing and serving; connections already uploading it are ended. Idempotent. */
    void withdraw(ContentId content);
}

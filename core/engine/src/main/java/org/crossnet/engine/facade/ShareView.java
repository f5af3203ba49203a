package org.crossnet.engine.facade;

import java.time.Instant;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.ShareId;

/**
 * One file in the share library.
 *
 * @param path         absolute path of the file
 * @param bytesHashed  progress of the current hashing pass
 * @param content      every identity, null until hashed
 * @param detail       why hashing failed; null otherwise
 */
public record ShareView(ShareId id, String path, String name, long size, ShareState state, long bytesHashed,
                        ContentId content, String detail, Instant addedAt) {
}

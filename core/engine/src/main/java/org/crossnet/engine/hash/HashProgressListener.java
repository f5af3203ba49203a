package org.crossnet.engine.hash;

/**
 * Told how far {@link FileHasher} has got. Called on the hashing thread, at most about every
 * {@link FileHasher#PROGRESS_INTERVAL} bytes and once at the end with {@code hashedBytes == totalBytes}; must be quick
 * and must not throw.
 */
@FunctionalInterface
public interface HashProgressListener {
    /** A listener that ignores progress. */
    HashProgressListener NONE = (hashedBytes, totalBytes) -> { };

    void progress(long hashedBytes, long totalBytes);
}

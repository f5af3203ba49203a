package org.crossnet.testkit.scripted;

import org.crossnet.spi.model.Sha1;

/** Shared helpers of the scripted adapter's tests. */
final class ScriptedTesting {
    private ScriptedTesting() {
    }

    static Sha1 sha1(byte[] data) {
        return ServedFiles.sha1(data, data.length);
    }
}

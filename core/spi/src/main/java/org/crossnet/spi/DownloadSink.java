package org.crossnet.spi;

import java.util.List;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TrackerStatus;

/** Receives one download's reports. Thread-safe; non-blocking; callable from an event loop. */
public interface DownloadSink {
    /** The sources this network knows and is connected to now. */
    void sources(SourceCount count);

    /** Payload bytes received ({@code down}) and sent ({@code up}) since the last call; feeds rate meters. */
    void traffic(long down, long up);

    /** The network learnt more about the content (e.g. magnet metadata fetched: size, name, more hashes). */
    void contentResolved(ContentId content);

    /**
     * The network learnt the content's file layout (a magnet's metadata turned out to describe a multi-file
     * torrent). Call it before writing any data, with files covering the whole size in order; when it returns the
     * store maps its byte space onto those files. Blocking (creates files): never call it on an event loop.
     */
    void filesResolved(List<ContentFile> files);

    /**
     * This network's trackers for the transfer as of now, replacing the list it reported before (an empty list
     * clears it). Networks without trackers never call it. Every entry's {@code network} is the caller's.
     */
    default void trackers(List<TrackerStatus> trackers) {
    }

    /** This network gave up on the transfer; the other networks carry on. */
    void failed(String reason);
}

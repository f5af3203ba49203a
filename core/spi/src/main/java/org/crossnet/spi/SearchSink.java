package org.crossnet.spi;

import java.util.List;
import org.crossnet.spi.model.SearchHit;

/** Receives one search's results. Thread-safe; non-blocking; callable from an event loop. */
public interface SearchSink {
    /** New hits; the list is not retained by the caller afterwards. */
    void hits(List<SearchHit> hits);

    /** The network has nothing more to report; no call follows. {@code reason} null on normal completion. */
    void finished(String reason);
}

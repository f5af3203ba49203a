package org.crossnet.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings under {@code crossnet.*}. Adapter settings ({@code crossnet.adapters.<id>.*}) are kept
 * as raw strings here and bound strictly to each adapter's config record by the engine.
 *
 * @param dataDir          data folder: database, API token, plugins, adapter state (default {@code ./data})
 * @param downloadDir      where downloads are written (default {@code <data-dir>/downloads})
 * @param shareRoots       folders whose files may be shared (default only {@code <data-dir>/shared})
 * @param eventBuffer      events kept for cursor resume
 * @param searchRetention  how long finished searches stay readable
 * @param soapMaxRequest   largest SOAP request body in bytes (XML-RPC and REST have their own caps)
 * @param shareTrackers    tracker URLs put in shared files' magnets and .torrents and announced by BitTorrent
 * @param adapters         per-adapter raw settings
 */
@ConfigurationProperties("crossnet")
public record CrossnetProperties(@DefaultValue("./data") Path dataDir, Path downloadDir, List<Path> shareRoots,
                                 @DefaultValue("10000") int eventBuffer,
                                 @DefaultValue("30m") Duration searchRetention,
                                 @DefaultValue("16777216") long soapMaxRequest, List<String> shareTrackers,
                                 Map<String, Map<String, String>> adapters) {
    public CrossnetProperties {
        adapters = adapters == null ? Map.of() : Map.copyOf(adapters);
        shareTrackers = shareTrackers == null ? List.of() : List.copyOf(shareTrackers);
    }

    /** The download folder, defaulting under the data folder. */
    public Path effectiveDownloadDir() {
        return downloadDir != null ? downloadDir : dataDir.resolve("downloads");
    }

    /**
     * The share roots, defaulting to the data folder's {@code shared} alone: an API client cannot share (and so
     * publish) arbitrary files of the host unless the operator names more roots.
     */
    public List<Path> effectiveShareRoots() {
        return shareRoots != null && !shareRoots.isEmpty() ? shareRoots : List.of(dataDir.resolve("shared"));
    }
}

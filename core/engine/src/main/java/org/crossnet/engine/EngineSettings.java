package org.crossnet.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the engine needs to know at construction, validated here.
 *
 * @param dataDirectory      the gateway's data folder (database, token, plugins, adapter state)
 * @param downloadDirectory  where transfers write; nothing is ever written outside it
 * @param shareRoots         folders under which files may be shared; a share.add outside them is refused
 * @param eventCapacity      events kept for cursor resume
 * @param searchRetention    how long a finished search stays readable
 * @param adapterConfig      properties of one adapter id, keys relative to {@code crossnet.adapters.<id>.}
 * @param shareTrackers      tracker URLs put in the links of shared files and handed to publishing networks
 */
public record EngineSettings(Path dataDirectory, Path downloadDirectory, List<Path> shareRoots, int eventCapacity,
                             Duration searchRetention, Function<String, Map<String, String>> adapterConfig,
                             List<String> shareTrackers) {
    public EngineSettings {
        if (dataDirectory == null || downloadDirectory == null) {
            throw new IllegalArgumentException("directories: null (expected: data and download directories)");
        }
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        downloadDirectory = downloadDirectory.toAbsolutePath().normalize();
        shareRoots = shareRoots == null ? List.of()
                : shareRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        if (eventCapacity < 16) {
            throw new IllegalArgumentException("eventCapacity: " + eventCapacity + " (expected: >= 16)");
        }
        if (searchRetention == null || searchRetention.isNegative()) {
            throw new IllegalArgumentException("searchRetention: " + searchRetention + " (expected: >= 0)");
        }
        adapterConfig = adapterConfig == null ? id -> Map.of() : adapterConfig;
        shareTrackers = shareTrackers == null ? List.of() : List.copyOf(shareTrackers);
        for (String url : shareTrackers) {
            if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("udp://")) {
                throw new IllegalArgumentException("shareTrackers: " + url
                        + " (expected: http://, https:// or udp:// URLs)");
            }
        }
    }

    /** Settings without share trackers. */
    public EngineSettings(Path dataDirectory, Path downloadDirectory, List<Path> shareRoots, int eventCapacity,
                          Duration searchRetention, Function<String, Map<String, String>> adapterConfig) {
        this(dataDirectory, downloadDirectory, shareRoots, eventCapacity, searchRetention, adapterConfig, List.of());
    }

    /** A copy whose shares are announced to {@code trackers}. */
    public EngineSettings withShareTrackers(List<String> trackers) {
        return new EngineSettings(dataDirectory, downloadDirectory, shareRoots, eventCapacity, searchRetention,
                adapterConfig, trackers);
    }

    /** Defaults under one data folder: downloads in {@code <data>/downloads}, shares from {@code <data>/shared}. */
    public static EngineSettings defaults(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        return new EngineSettings(data, data.resolve("downloads"), List.of(data.resolve("shared")), 10_000,
                Duration.ofMinutes(30), id -> Map.of());
    }

    /** The folder scanned for plugin jars. */
    public Path pluginsDirectory() {
        return dataDirectory.resolve("plugins");
    }
}

package org.crossnet.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The folders and files of one gateway under test: data folder, download folder, one share root with a file to
 * share, and the scripted adapter's serve folder with a file that searches find and downloads fetch.
 *
 * <p>{@link #SHARED} backs the one Spring context that every {@link RunningGatewayTest} shares. It lives for the
 * whole test JVM rather than in a JUnit {@code @TempDir}: Spring caches the context across test classes, and a
 * per-class temporary folder would be deleted under the still-running gateway when the first class ends.
 */
public final class GatewayFixture {
    /** The keyword that finds {@link #servedFile()} and nothing else. */
    public static final String KEYWORD = "zebrafish";
    /** The name of the served file: found by {@link #KEYWORD}. */
    public static final String SERVED_NAME = "zebrafish-field-recording.bin";
    /** The name of the file to share; deliberately not matched by {@link #KEYWORD}. */
    public static final String SHARED_NAME = "harbour-notes.txt";
    /** Above one 16 KiB block and one 256 KiB piece, below one 9.28 MB ed2k part. */
    static final int SERVED_SIZE = 300_001;

    /** The fixture of the shared context; deleted when the JVM exits. */
    public static final GatewayFixture SHARED = create("crossnet-e2e-");

    private final Path root;

    private GatewayFixture(Path root) {
        this.root = root;
    }

    /** A new set of folders and files under a fresh temporary folder. */
    public static GatewayFixture create(String prefix) {
        try {
            GatewayFixture fixture = new GatewayFixture(Files.createTempDirectory(prefix));
            fixture.populate();
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::deleteQuietly, "delete " + fixture.root));
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture in an existing (empty) folder, e.g. a JUnit {@code @TempDir}. */
    public static GatewayFixture in(Path folder) {
        GatewayFixture fixture = new GatewayFixture(folder);
        try {
            fixture.populate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fixture;
    }

    private void populate() throws IOException {
        Files.createDirectories(dataDir());
        Files.createDirectories(downloadDir());
        Files.createDirectories(shareRoot());
        Files.createDirectories(serveDir());
        byte[] served = new byte[SERVED_SIZE];
        new Random(20_261_125L).nextBytes(served);
        Files.write(servedFile(), served);
        Files.writeString(sharedFile(), "Harbour notes: the tide turns at six.\n".repeat(8_000),
                StandardCharsets.UTF_8);
    }

    public Path dataDir() {
        return root.resolve("data");
    }

    public Path downloadDir() {
        return root.resolve("downloads");
    }

    public Path shareRoot() {
        return root.resolve("shared");
    }

    public Path serveDir() {
        return root.resolve("served");
    }

    public Path servedFile() {
        return serveDir().resolve(SERVED_NAME);
    }

    public Path sharedFile() {
        return shareRoot().resolve(SHARED_NAME);
    }

    /** The SOAP body cap the fixture configures (the packaged default is 16 MiB). */
    public static final int SOAP_CAP = 1_048_576;

    /** The gateway properties pointing at these folders (everything else as packaged). */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("crossnet.data-dir", dataDir().toString());
        properties.put("crossnet.download-dir", downloadDir().toString());
        properties.put("crossnet.share-roots", shareRoot().toString());
        properties.put("crossnet.adapters.scripted.serve-directory", serveDir().toString());
        // the BitTorrent, Gnutella and eDonkey adapters run in every test gateway: loopback only, a free port
        properties.put("crossnet.adapters.bittorrent.listen-address", "127.0.0.1");
        properties.put("crossnet.adapters.bittorrent.listen-port", "0");
        properties.put("crossnet.adapters.gnutella.listen-address", "127.0.0.1");
        properties.put("crossnet.adapters.gnutella.listen-port", "0");
        properties.put("crossnet.adapters.edonkey.listen-address", "127.0.0.1");
        properties.put("crossnet.adapters.edonkey.tcp-port", "0");
        properties.put("crossnet.adapters.edonkey.udp-port", "0");
        // a Gnutella search collects hits for 2 minutes by default; the tests wait for every search to finish
        properties.put("crossnet.adapters.gnutella.search-duration", "3s");
        // the same 1 MiB body cap on both XML endpoints, so the attack tests can send one oversized body to both
        properties.put("crossnet.soap-max-request", Integer.toString(SOAP_CAP));
        return properties;
    }

    /** Registers {@link #properties()} with a Spring test context. */
    public void register(DynamicPropertyRegistry registry) {
        properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    private void deleteQuietly() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit: a leftover temporary folder is harmless
        }
    }
}

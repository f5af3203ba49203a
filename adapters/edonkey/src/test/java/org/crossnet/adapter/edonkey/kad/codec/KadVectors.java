package org.crossnet.adapter.edonkey.kad.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.crossnet.testkit.ProtocolVectors;

/** The recorded Kad datagrams under {@code vectors/edonkey/kad/} (see the README there). */
final class KadVectors {
    private KadVectors() {
    }

    /** Names of every {@code .bin} vector, sorted ({@link ProtocolVectors#names} takes a network id only). */
    static List<String> names() {
        URL url = KadVectors.class.getClassLoader().getResource("vectors/edonkey/kad");
        if (url == null) {
            throw new IllegalStateException("vectors/edonkey/kad: missing from the test classpath");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of one vector. */
    static byte[] load(String name) {
        return ProtocolVectors.load("edonkey", "kad/" + name);
    }

    /** Names whose opcode name is {@code opname} (e.g. "KADEMLIA2_RES"). */
    static List<String> named(String opname) {
        return names().stream().filter(n -> n.endsWith("_KAD_" + opname + ".bin")).toList();
    }
}

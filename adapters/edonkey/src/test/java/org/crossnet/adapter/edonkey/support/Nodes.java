package org.crossnet.adapter.edonkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.crossnet.adapter.edonkey.EdonkeyAdapter;
import org.crossnet.adapter.edonkey.EdonkeyConfig;
import org.crossnet.adapter.edonkey.storage.Ed2kHashes;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.testkit.TestAdapterContext;

/** Test helpers: adapters on 127.0.0.1 with free ports, random files and their ed2k identities. */
public final class Nodes {
    private Nodes() {
    }

    /** A config on {@code address} with ephemeral ports and short timeouts. */
    public static EdonkeyConfig config(String address) {
        return EdonkeyConfig.defaults().withAddress(address, 0, 0);
    }

    /** A started adapter in its own test context. */
    public static Running start(EdonkeyConfig config) {
        TestAdapterContext ctx = new TestAdapterContext(new NetworkId("edonkey"));
        EdonkeyAdapter a = new EdonkeyAdapter(config, ctx);
        a.start();
        return new Running(a, ctx);
    }

    /**
     * A started adapter whose config needs its index-server port before it starts (its own server list names it):
     * {@code configForPort} gets a probed free port. Another socket can take that port between the probe and the
     * bind (CI saw it once), so a bind failure retries with a fresh port, up to five times.
     */
    public static Running startServerRole(java.util.function.IntFunction<EdonkeyConfig> configForPort) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            TestAdapterContext ctx = new TestAdapterContext(new NetworkId("edonkey"));
            EdonkeyAdapter a = new EdonkeyAdapter(configForPort.apply(freeServerPort()), ctx);
            try {
                a.start();
                return new Running(a, ctx);
            } catch (Exception e) { // Netty rethrows the checked BindException undeclared
                a.close();
                ctx.close();
                if (!causedByBind(e)) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
                last = new IllegalStateException("server-role port taken before the bind", e);
            }
        }
        throw last;
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /** An adapter and its context, closed together. */
    public record Running(EdonkeyAdapter adapter, TestAdapterContext context) implements AutoCloseable {
        public int tcpPort() {
            return adapter.tcpPort();
        }

        @Override
        public void close() {
            adapter.close();
            context.close();
        }
    }

    /** Random bytes of {@code size} written to {@code dir/name}. */
    public static Path randomFile(Path dir, String name, int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try {
            return Files.write(dir.resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared-file record the engine would hand the publisher for {@code file}. */
    public static SharedFile shared(Path file) {
        Ed2kHashes.FileHashes h = Ed2kHashes.of(file);
        try {
            ContentId content = new ContentId(Files.size(file), file.getFileName().toString(), null, h.file(), null,
                    null, null);
            return new SharedFile(ShareId.random(), content, file, h.parts(), null, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #shared}, with the file's AICH root, as the engine's hasher gives it. */
    public static SharedFile sharedWithAich(Path file) {
        SharedFile plain = shared(file);
        try {
            byte[] data = Files.readAllBytes(file);
            org.crossnet.spi.hash.AichTree tree = new org.crossnet.spi.hash.AichTree(data.length);
            tree.update(data, 0, data.length);
            ContentId c = plain.content();
            return new SharedFile(plain.share(), new ContentId(c.size(), c.name(), null, c.ed2k(), tree.root(), null,
                    null), file, plain.ed2kPartHashes(), null, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes; returns whether it held. */
    public static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            sleep(Duration.ofMillis(20));
        }
        return true;
    }

    /** Ports handed out by {@link #freeServerPort} in this JVM: never the same one twice. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A free TCP port whose UDP port + 4 (where an index-server role takes its UDP) is free too. */
    public static int freeServerPort() {
        for (int i = 0; i < 20; i++) {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (port + 4 > 65535 || !HANDED_OUT.add(port)) {
                continue;
            }
            try (java.net.DatagramSocket u = new java.net.DatagramSocket(port + 4)) {
                return port;
            } catch (java.net.SocketException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port with a free port + 4");
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

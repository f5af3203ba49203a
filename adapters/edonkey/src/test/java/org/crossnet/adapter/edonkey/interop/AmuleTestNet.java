package org.crossnet.adapter.edonkey.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A private test network for aMule: a network namespace joined to the root namespace by a veth pair, with addresses
 * from one /28 block of 198.51.100.0/24 (TEST-NET-2; aMule refuses 127.0.0.0/8 peers, see ../shared/peers.md). The
 * code under test binds {@link #gatewayAddress()} in the root namespace; each {@link AmuleNode} runs amuled inside
 * the namespace on its own address, under the LD_PRELOAD shim of {@code src/test/native/amule-shim/}.
 *
 * <p>Blocks are allocated under a file lock in {@code /tmp}, so several fixtures (several test JVMs) can run at once.
 * Namespaces left behind by a dead JVM (their name carries its PID) are removed when the next fixture starts.
 * {@link #close()} stops every amuled by PID and deletes the namespace and the veth pair. Needs root, iproute2, gcc
 * and the Debian packages {@code amule-daemon amule-utils}. Not thread-safe: use from one test thread.
 */
public final class AmuleTestNet implements AutoCloseable {
    /** Instances per network: addresses block+2 .. block+14. */
    public static final int MAX_NODES = 13;
    private static final String PREFIX = "cned2k";
    private static final Path LOCK = Path.of("/tmp/crossnet-amule-testnet.lock");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String namespace;
    private final String hostVeth;
    private final String nsVeth;
    private final int block;
    private final Path root;
    private final Path shim;
    private final List<AmuleNode> nodes = new ArrayList<>();
    private boolean closed;

    private AmuleTestNet(String namespace, String hostVeth, String nsVeth, int block, Path root, Path shim) {
        this.namespace = namespace;
        this.hostVeth = hostVeth;
        this.nsVeth = nsVeth;
        this.block = block;
        this.root = root;
        this.shim = shim;
    }

    /**
     * Creates the namespace and the veth pair and brings them up.
     *
     * @throws IllegalStateException when a prerequisite is missing or every /28 block is taken
     */
    public static AmuleTestNet create() {
        requireProgram("amuled");
        requireProgram("amulecmd");
        requireProgram("gcc");
        Path shim = buildShim();
        long pid = ProcessHandle.current().pid();
        try (FileChannel ch = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            removeStale();
            String addresses = run(List.of("ip", "-o", "-4", "addr", "show"), COMMAND_TIMEOUT);
            int block = -1;
            for (int b = 0; b < 16; b++) {
                if (!addresses.contains(" 198.51.100." + (16 * b + 1) + "/")) {
                    block = b;
                    break;
                }
            }
            if (block < 0) {
                throw new IllegalStateException("198.51.100.0/24: every /28 block in use (expected: a free one)");
            }
            String ns = PREFIX + pid + "b" + block;
            String hostVeth = "ce" + (pid % 1_000_000) + "h" + block;
            String nsVeth = "ce" + (pid % 1_000_000) + "n" + block;
            Path dir = Files.createTempDirectory("amule-testnet-");
            AmuleTestNet net = new AmuleTestNet(ns, hostVeth, nsVeth, block, dir, shim);
            try {
                sh("ip", "netns", "add", ns);
                sh("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", nsVeth);
                sh("ip", "link", "set", nsVeth, "netns", ns);
                sh("ip", "addr", "add", net.gatewayAddress() + "/28", "dev", hostVeth);
                sh("ip", "link", "set", hostVeth, "up");
                net.inNamespace("ip", "link", "set", "lo", "up");
                net.inNamespace("ip", "link", "set", nsVeth, "up");
            } catch (RuntimeException e) {
                net.close();
                throw e;
            }
            return net;
        } catch (IOException e) {
            throw new UncheckedIOException("testnet: " + LOCK, e);
        }
    }

    /** The root-namespace address the code under test binds, e.g. {@code 198.51.100.1}. */
    public String gatewayAddress() {
        return "198.51.100." + (16 * block + 1);
    }

    /** The namespace's name, for {@code ip netns exec}. */
    public String namespace() {
        return namespace;
    }

    /** The running nodes, in start order. */
    public List<AmuleNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /**
     * Starts an amuled on the next free address (block+2, block+3, …) with a generated amule.conf, and waits until
     * its EC port answers amulecmd.
     *
     * @param name  nick, and the name of its directory
     * @param setup adjusts the node's options before amule.conf is written; may be null
     */
    public AmuleNode start(String name, Consumer<AmuleNode.Options> setup) {
        if (nodes.size() >= MAX_NODES) {
            throw new IllegalStateException("nodes: " + nodes.size() + " (expected: at most " + MAX_NODES + ")");
        }
        int index = nodes.size();
        String address = "198.51.100." + (16 * block + 2 + index);
        inNamespace("ip", "addr", "add", address + (index == 0 ? "/28" : "/32"), "dev", nsVeth);
        AmuleNode.Options options = new AmuleNode.Options(name, address, 4662 + index, 4672 + index, 4712 + index);
        if (setup != null) {
            setup.accept(options);
        }
        AmuleNode node = AmuleNode.start(this, options, root.resolve(name));
        nodes.add(node);
        return node;
    }

    /** {@link #start(String, Consumer)} with the default options. */
    public AmuleNode start(String name) {
        return start(name, null);
    }

    Path shim() {
        return shim;
    }

    /** Runs a command inside the namespace and returns its output; fails on a non-zero exit. */
    public String inNamespace(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return run(full, COMMAND_TIMEOUT);
    }

    /**
     * Makes {@code node} unreachable from outside, as behind a NAT without a port forward: a policy-routing rule in
     * the namespace prohibits every TCP packet leaving from its client port, so an inbound connection (an eD2k
     * server's connect-back test) never gets its SYN-ACK, while the node's own outgoing connections (ephemeral source
     * ports) work. Needs only iproute2 ({@code ip rule ... ipproto tcp sport N prohibit}, kernel 4.17+).
     */
    public void refuseInboundConnections(AmuleNode node) {
        inNamespace("ip", "rule", "add", "ipproto", "tcp", "sport", Integer.toString(node.tcpPort()), "prohibit");
    }

    List<String> namespaceCommand(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /** Stops every node by PID, then deletes the namespace, the veth pair and the temp directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AmuleNode node : nodes) {
            node.stop();
        }
        quietly("ip", "netns", "del", namespace);
        quietly("ip", "link", "del", hostVeth);
        deleteTree(root);
    }

    /** Runs {@code command} and returns its stdout+stderr; fails on a non-zero exit or after {@code timeout}. */
    static String run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            // amulecmd and ip print little; read after exit would risk a full pipe only for large outputs.
            var reader = p.getInputStream();
            out = reader.readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + ": still running after " + timeout);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + ": exit " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(command.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private static void sh(String... command) {
        run(List.of(command), COMMAND_TIMEOUT);
    }

    private static void quietly(String... command) {
        try {
            run(List.of(command), COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            // Already gone (the veth dies with its namespace): nothing to clean.
        }
    }

    /** Deletes namespaces (and their amuleds) of JVMs that died without closing their fixture. */
    private static void removeStale() {
        String list;
        try {
            list = run(List.of("ip", "netns", "list"), COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            return;
        }
        for (String line : list.split("\n")) {
            String ns = line.split(" ")[0].trim();
            if (!ns.startsWith(PREFIX) || !ns.contains("b")) {
                continue;
            }
            String pidText = ns.substring(PREFIX.length(), ns.lastIndexOf('b'));
            long owner;
            try {
                owner = Long.parseLong(pidText);
            } catch (NumberFormatException e) {
                continue;
            }
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            try {
                for (String pid : run(List.of("ip", "netns", "pids", ns), COMMAND_TIMEOUT).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (RuntimeException e) {
                // Namespace vanished meanwhile.
            }
            quietly("ip", "netns", "del", ns);
            String block = ns.substring(ns.lastIndexOf('b') + 1);
            quietly("ip", "link", "del", "ce" + (owner % 1_000_000) + "h" + block);
        }
    }

    private static void requireProgram(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return;
            }
        }
        throw new IllegalStateException(name + ": not found on PATH (expected: apt-get install -y amule-daemon "
                + "amule-utils gcc iproute2, run as root)");
    }

    /** Builds the shim once per module build into target/amule-shim/ (atomic rename, safe across JVMs). */
    private static Path buildShim() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path source = module.resolve("src/test/native/amule-shim/amuleshim.c");
        if (!Files.exists(source)) {
            throw new IllegalStateException("shim source: " + source + " (expected: the module's src/test/native)");
        }
        Path target = module.resolve("target/amule-shim/amuleshim.so");
        try {
            if (Files.exists(target)
                    && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(source)) >= 0) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "amuleshim", ".so");
            run(List.of("gcc", "-O2", "-shared", "-fPIC", "-o", tmp.toString(), source.toString(), "-ldl"),
                    Duration.ofSeconds(60));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("shim: " + target, e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a temp directory left behind does not affect other tests.
                }
            });
        } catch (IOException e) {
            // Same.
        }
    }
}

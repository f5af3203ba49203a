package org.crossnet.adapter.edonkey.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.crossnet.testkit.peers.ExternalProcess;

/**
 * One amuled inside an {@link AmuleTestNet}: its generated config directory, the process (stopped by PID) and an
 * amulecmd driver over its EC port. Created by {@link AmuleTestNet#start}. Methods block (they run amulecmd); call
 * them from the test thread.
 */
public final class AmuleNode {
    static final String EC_PASSWORD = "crossnet-test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What to put in amule.conf and the config directory before amuled starts. Defaults: eD2k and Kad off, no
     * obfuscation, 60000 kB/s limits, LAN filtering off, every URL pointed at a dead local address.
     */
    public static final class Options {
        private final String name;
        private final String address;
        private int tcpPort;
        private int udpPort;
        private int ecPort;
        private boolean ed2k;
        private boolean kad;
        private final Map<String, Map<String, String>> extra = new LinkedHashMap<>();
        private final List<Path> shared = new ArrayList<>();
        private Consumer<Path> beforeStart = dir -> { };

        Options(String name, String address, int tcpPort, int udpPort, int ecPort) {
            this.name = name;
            this.address = address;
            this.tcpPort = tcpPort;
            this.udpPort = udpPort;
            this.ecPort = ecPort;
        }

        public String name() {
            return name;
        }

        /** The node's address (fixed by the network). */
        public String address() {
            return address;
        }

        public int tcpPort() {
            return tcpPort;
        }

        public int udpPort() {
            return udpPort;
        }

        public Options tcpPort(int port) {
            this.tcpPort = port;
            return this;
        }

        public Options udpPort(int port) {
            this.udpPort = port;
            return this;
        }

        public Options ecPort(int port) {
            this.ecPort = port;
            return this;
        }

        /** ConnectToED2K: log into the server list at start (the list is empty unless a test adds one). */
        public Options ed2k(boolean on) {
            this.ed2k = on;
            return this;
        }

        /** ConnectToKad: start Kad (bootstrap needs a nodes.dat: see {@link #beforeStart}). */
        public Options kad(boolean on) {
            this.kad = on;
            return this;
        }

        /** Sets any amule.conf key, overriding the defaults, e.g. {@code set("eMule", "SlotAllocation", "2")}. */
        public Options set(String section, String key, String value) {
            extra.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** Copies {@code file} into the node's Incoming directory before start, so amuled hashes and shares it. */
        public Options share(Path file) {
            shared.add(file);
            return this;
        }

        /**
         * Runs with the config directory after amule.conf is written and before amuled starts: the place to
         * pre-seed {@code nodes.dat}, {@code preferencesKad.dat} ({@code u32 ip, u16 0, 16-byte Kad id}) or
         * {@code server.met}.
         */
        public Options beforeStart(Consumer<Path> hook) {
            this.beforeStart = hook;
            return this;
        }
    }

    private final AmuleTestNet net;
    private final Options options;
    private final Path dir;
    private final ExternalProcess process;

    private AmuleNode(AmuleTestNet net, Options options, Path dir, ExternalProcess process) {
        this.net = net;
        this.options = options;
        this.dir = dir;
        this.process = process;
    }

    static AmuleNode start(AmuleTestNet net, Options o, Path dir) {
        try {
            Files.createDirectories(dir.resolve("Incoming"));
            Files.createDirectories(dir.resolve("Temp"));
            for (Path f : o.shared) {
                Files.copy(f, dir.resolve("Incoming").resolve(f.getFileName()));
            }
            Files.writeString(dir.resolve("amule.conf"), config(o, dir), StandardCharsets.UTF_8);
            o.beforeStart.accept(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("amule config: " + dir, e);
        }
        List<String> cmd = net.namespaceCommand(List.of("env", "LD_PRELOAD=" + net.shim(), "amuled", "-c",
                dir.toString(), "-o"));
        ExternalProcess process = ExternalProcess.start(cmd, dir, dir.resolve("amuled.out"));
        AmuleNode node = new AmuleNode(net, o, dir, process);
        if (!process.await(node::ecAnswers, START_TIMEOUT)) {
            String log = process.log();
            process.close();
            throw new IllegalStateException("amuled " + o.name + ": EC port " + o.ecPort + " not answering after "
                    + START_TIMEOUT + " (expected: a running core); log:\n" + log);
        }
        return node;
    }

    private static String config(Options o, Path dir) {
        Map<String, Map<String, String>> c = new LinkedHashMap<>();
        Map<String, String> e = c.computeIfAbsent("eMule", s -> new LinkedHashMap<>());
        e.put("Nick", "harness-" + o.name);
        e.put("Port", Integer.toString(o.tcpPort));
        e.put("UDPPort", Integer.toString(o.udpPort));
        e.put("UDPEnable", "1");
        e.put("Address", o.address);
        e.put("FilterLanIPs", "0");
        e.put("ParanoidFiltering", "0");
        e.put("IPFilterAutoLoad", "0");
        e.put("IPFilterClients", "0");
        e.put("IPFilterServers", "0");
        e.put("Autoconnect", o.ed2k || o.kad ? "1" : "0");
        e.put("Reconnect", "1");
        e.put("ConnectToED2K", o.ed2k ? "1" : "0");
        e.put("ConnectToKad", o.kad ? "1" : "0");
        e.put("NewVersionCheck", "0");
        e.put("UPnPEnabled", "0");
        e.put("GeoIPEnabled", "0");
        e.put("KadNodesUrl", "http://127.0.0.1:9/nodes.dat");
        e.put("Ed2kServersUrl", "http://127.0.0.1:9/server.met");
        e.put("AddServersFromServer", "0");
        e.put("AddServersFromClient", "0");
        e.put("IncomingDir", dir.resolve("Incoming").toString());
        e.put("TempDir", dir.resolve("Temp").toString());
        e.put("CheckDiskspace", "0");
        e.put("MaxUpload", "60000");
        e.put("MaxDownload", "60000");
        e.put("IsClientCryptLayerSupported", "0");
        e.put("IsClientCryptLayerRequested", "0");
        e.put("IsClientCryptLayerRequired", "0");
        Map<String, String> ec = c.computeIfAbsent("ExternalConnect", s -> new LinkedHashMap<>());
        ec.put("AcceptExternalConnections", "1");
        ec.put("ECAddress", "127.0.0.1");
        ec.put("ECPort", Integer.toString(o.ecPort));
        ec.put("ECPassword", md5Hex(EC_PASSWORD));
        o.extra.forEach((section, keys) -> c.computeIfAbsent(section, s -> new LinkedHashMap<>()).putAll(keys));
        StringBuilder sb = new StringBuilder();
        c.forEach((section, keys) -> {
            sb.append('[').append(section).append("]\n");
            keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        });
        return sb.toString();
    }

    public String name() {
        return options.name;
    }

    public String address() {
        return options.address;
    }

    public int tcpPort() {
        return options.tcpPort;
    }

    public int udpPort() {
        return options.udpPort;
    }

    /** The config directory (amule.conf, nodes.dat, preferencesKad.dat, logfile, …). */
    public Path configDir() {
        return dir;
    }

    /** Where completed downloads land; also shared. */
    public Path incomingDir() {
        return dir.resolve("Incoming");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Runs one amulecmd command and returns what it printed after the connection banner.
     *
     * @throws IllegalStateException when amulecmd fails or cannot connect
     */
    public String command(String command) {
        String out = AmuleTestNet.run(net.namespaceCommand(List.of("amulecmd", "-h", "127.0.0.1", "-p",
                Integer.toString(options.ecPort), "-P", EC_PASSWORD, "-c", command)), Duration.ofSeconds(30));
        int at = out.indexOf("Connection established");
        if (at < 0) {
            throw new IllegalStateException("amulecmd " + command + ": no EC connection: " + out.strip());
        }
        int eol = out.indexOf('\n', at);
        return eol < 0 ? "" : out.substring(eol + 1);
    }

    /** {@code add <link>}: an ed2k file or server link. */
    public String add(String link) {
        return command("add " + link);
    }

    /** {@code reload shared}: rescans the shared directories (new files get hashed). */
    public void reloadShared() {
        command("reload shared");
    }

    /**
     * Adds the server to amuled's list ({@code add ed2k://|server|ip|port|/}; {@code connect} only knows listed
     * servers) and logs into it ({@code connect <ip>:<port>}).
     */
    public String connectServer(String host, int port) {
        String added = command("add ed2k://|server|" + host + "|" + port + "|/");
        return added + command("connect " + host + ":" + port);
    }

    /** Whether amuled reports an eD2k server connection ({@code status}). */
    public boolean ed2kConnected() {
        return status().contains("eD2k: Connected");
    }

    /** Lowercase hex ed2k hashes of the files the node shares now ({@code show shared}). */
    public List<String> sharedHashes() {
        List<String> hashes = new ArrayList<>();
        for (String line : command("show shared").split("\n")) {
            String t = line.strip();
            if (t.startsWith("> ") && t.length() > 34 && t.substring(2, 34).matches("[0-9A-Fa-f]{32}")) {
                hashes.add(t.substring(2, 34).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return hashes;
    }

    /** {@code search <kind> <keywords>}: kind is {@code local}, {@code global} or {@code kad}. */
    public String search(String kind, String keywords) {
        return command("search " + kind + " " + keywords);
    }

    /** {@code results} as printed: the results of the last search. */
    public String searchResults() {
        return command("results");
    }

    /** {@code show dl} as printed. */
    public String downloads() {
        return command("show dl");
    }

    /** {@code status} as printed. */
    public String status() {
        return command("status");
    }

    /** Polls {@code condition} every 500 ms until it holds; false after {@code timeout} or when amuled died. */
    public boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Waits until the node shares a file with this ed2k hash (hashing done). */
    public boolean awaitShared(String ed2kHex, Duration timeout) {
        String want = ed2kHex.toLowerCase(java.util.Locale.ROOT);
        return await(() -> sharedHashes().contains(want), timeout);
    }

    /**
     * Waits until a completed download named {@code name} of {@code size} bytes is in Incoming (aMule moves it there
     * only after every part is verified).
     */
    public boolean awaitCompleted(String name, long size, Duration timeout) {
        Path file = incomingDir().resolve(name);
        return await(() -> {
            try {
                return Files.isRegularFile(file) && Files.size(file) == size;
            } catch (IOException e) {
                return false;
            }
        }, timeout);
    }

    /** What amuled printed plus its logfile, for failure messages. */
    public String log() {
        String logfile = "";
        try {
            Path f = dir.resolve("logfile");
            if (Files.exists(f)) {
                logfile = Files.readString(f, StandardCharsets.ISO_8859_1);
            }
        } catch (IOException e) {
            logfile = "(logfile unreadable: " + e.getMessage() + ")";
        }
        return process.log() + "\n--- logfile ---\n" + logfile;
    }

    /** Stops amuled by PID (SIGTERM, then SIGKILL). Idempotent. */
    public void stop() {
        process.close();
    }

    private boolean ecAnswers() {
        try {
            command("status");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String md5Hex(String text) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return "amuled " + options.name + " " + options.address + ":" + options.tcpPort + " (pid " + pid() + ")";
    }
}

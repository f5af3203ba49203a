package org.crossnet.engine.persistence;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL server for tests: its own cluster in {@code /tmp/crossnet-pg-<random>}, listening only on
 * 127.0.0.1 on a free port, trust authentication, fsync off. {@link #close} stops it and deletes the folder; a JVM
 * shutdown hook does the same if a run dies before that. Uses the Debian package's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}); as root it runs them as the {@code postgres} system user, because the
 * server refuses to run as root. Thread-safe.
 */
final class PostgresServer implements AutoCloseable {
    static final String PACKAGE = "postgresql";
    private static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
    private static final String SERVICE_USER = "postgres";
    private static final String SUPERUSER = "postgres";
    private static final int START_ATTEMPTS = 3;

    private final Path binaries;
    private final Path base;
    private final boolean asServiceUser;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();
    private final Thread shutdownHook;
    private boolean stopped;

    private PostgresServer(Path binaries, Path base, boolean asServiceUser, int port) {
        this.binaries = binaries;
        this.base = base;
        this.asServiceUser = asServiceUser;
        this.port = port;
        this.shutdownHook = new Thread(this::stopAndDelete, "crossnet-pg-shutdown");
    }

    /**
     * Creates a cluster and starts the server.
     *
     * @throws IllegalStateException naming the Debian package when PostgreSQL is not installed, or with the server's
     *                               log when it does not start
     */
    static PostgresServer start() {
        Path binaries = locateBinaries(INSTALL_ROOT);
        boolean asServiceUser = "root".equals(System.getProperty("user.name"));
        Path base = createBase(asServiceUser);
        try {
            run(binaries, base, asServiceUser, List.of(binaries.resolve("initdb").toString(),
                    "--pgdata=" + base.resolve("data"), "--auth=trust", "--username=" + SUPERUSER,
                    "--encoding=UTF8", "--no-locale", "--no-sync"));
            IllegalStateException failure = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                int port = freePort();
                // another process may take the port between freePort() and the bind: then try another one
                try {
                    run(binaries, base, asServiceUser, List.of(binaries.resolve("pg_ctl").toString(),
                            "--pgdata=" + base.resolve("data"), "--log=" + base.resolve("server.log"), "--wait",
                            "--timeout=30", "--options=-p " + port + " -k " + base
                                    + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
                                    + " -c synchronous_commit=off", "start"));
                } catch (IllegalStateException e) {
                    failure = e;
                    continue;
                }
                PostgresServer server = new PostgresServer(binaries, base, asServiceUser, port);
                Runtime.getRuntime().addShutdownHook(server.shutdownHook);
                return server;
            }
            throw failure;
        } catch (RuntimeException e) {
            delete(base);
            throw e;
        }
    }

    /** The port on 127.0.0.1. */
    int port() {
        return port;
    }

    /** The folder holding the cluster, the socket and the server log; gone after {@link #close}. */
    Path directory() {
        return base;
    }

    /** Creates a new empty database (UTF-8) and returns a data source for it, which the caller may configure further. */
    PGSimpleDataSource newDatabase() {
        String name = "crossnet_" + databases.incrementAndGet();
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + name + " (expected: created on port " + port + ")", e);
        }
        return dataSource(name);
    }

    private PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(SUPERUSER);
        return ds;
    }

    /** Stops the server (fast shutdown) and deletes its folder. Idempotent. */
    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running or has run: nothing left to unregister
        }
    }

    private synchronized void stopAndDelete() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run(binaries, base, asServiceUser, List.of(binaries.resolve("pg_ctl").toString(),
                    "--pgdata=" + base.resolve("data"), "--mode=fast", "--wait", "--timeout=30", "stop"));
        } finally {
            delete(base);
        }
    }

    /** The newest {@code <root>/<major>/bin} holding initdb, pg_ctl and postgres. */
    static Path locateBinaries(Path root) {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
                for (Path version : versions) {
                    Path bin = version.resolve("bin");
                    if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                            && Files.isExecutable(bin.resolve("postgres"))) {
                        found.add(bin);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        // several major versions side by side: take the newest
        return found.stream().max(Comparator.comparingInt(PostgresServer::majorVersion))
                .orElseThrow(() -> new IllegalStateException("PostgreSQL server: not found in " + root
                        + "/*/bin (expected: initdb, pg_ctl and postgres from the Debian package '" + PACKAGE
                        + "'; install it with: apt-get install " + PACKAGE + ", as scripts/test.sh does)"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Path createBase(boolean asServiceUser) {
        try {
            // under /tmp rather than java.io.tmpdir or a test's @TempDir: the postgres user must reach every parent
            Path base = Files.createTempDirectory(Path.of("/tmp"), "crossnet-pg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (asServiceUser) {
                UserPrincipalLookupService users = base.getFileSystem().getUserPrincipalLookupService();
                try {
                    Files.setOwner(base, users.lookupPrincipalByName(SERVICE_USER));
                } catch (IOException e) {
                    delete(base);
                    throw new IllegalStateException("user: " + SERVICE_USER + " (expected: the system user the "
                            + "Debian package '" + PACKAGE + "' creates)", e);
                }
            }
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for PostgreSQL under /tmp", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    /** Runs one PostgreSQL tool to completion; throws with its output and the server log when it fails. */
    private static void run(Path binaries, Path base, boolean asServiceUser, List<String> command) {
        List<String> full = new ArrayList<>();
        if (asServiceUser) {
            full.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        full.addAll(command);
        Path output = null;
        try {
            // a file, not a pipe: pg_ctl leaves a daemon behind that could hold an inherited pipe open
            output = Files.createTempFile("crossnet-pg-", ".out");
            Process process = new ProcessBuilder(full).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(describe(full) + ": still running after 60 s (expected: done)");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(describe(full) + ": exit " + process.exitValue() + " (expected: 0)\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + serverLog(base));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + describe(full) + " (binaries: " + binaries + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(describe(full) + ": interrupted", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a leftover output file in the temp folder is harmless
                }
            }
        }
    }

    private static String describe(List<String> command) {
        return String.join(" ", command);
    }

    private static String serverLog(Path base) {
        Path log = base.resolve("server.log");
        try {
            return Files.exists(log) ? "server.log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "server.log: unreadable (" + e.getMessage() + ")";
        }
    }

    private static void delete(Path base) {
        if (!Files.exists(base)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(base)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + base, e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PostgreSQL on 127.0.0.1:%d (%s)", port, base);
    }
}

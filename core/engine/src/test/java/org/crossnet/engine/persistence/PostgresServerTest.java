package org.crossnet.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test server itself: where it finds PostgreSQL, how it fails without it, where it listens, what it leaves. */
class PostgresServerTest {
    @TempDir
    Path temp;

    @Test
    void aMissingInstallationFailsNamingTheDebianPackage() {
        assertThatThrownBy(() -> PostgresServer.locateBinaries(temp.resolve("absent")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not found in " + temp.resolve("absent") + "/*/bin")
                .hasMessageContaining("apt-get install " + PostgresServer.PACKAGE);
    }

    @Test
    void theNewestCompleteInstallationIsChosen() throws IOException {
        fakeBinaries(temp.resolve("9.6/bin"), "initdb", "pg_ctl", "postgres");
        fakeBinaries(temp.resolve("13/bin"), "initdb", "pg_ctl", "postgres");
        fakeBinaries(temp.resolve("15/bin"), "initdb", "pg_ctl", "postgres");
        // a client-only install has no server binaries and does not count
        fakeBinaries(temp.resolve("16/bin"), "psql");

        assertThat(PostgresServer.locateBinaries(temp)).isEqualTo(temp.resolve("15/bin"));
    }

    @Test
    void listensOnlyOnLoopbackAndLeavesNothingBehind() throws SQLException, IOException {
        PostgresServer server = PostgresServer.start();
        Path directory = server.directory();
        try (Connection c = server.newDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW listen_addresses")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
            assertThat(directory).isDirectory().startsWith(Path.of("/tmp"));
        } finally {
            server.close();
        }

        assertThat(directory).doesNotExist();
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000))
                    .isInstanceOf(ConnectException.class);
        }
        server.close();
        assertThat(directory).doesNotExist();
    }

    private static void fakeBinaries(Path bin, String... names) throws IOException {
        Files.createDirectories(bin);
        for (String name : names) {
            Files.createFile(bin.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }
}

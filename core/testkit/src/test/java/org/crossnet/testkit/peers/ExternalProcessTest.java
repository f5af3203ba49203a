package org.crossnet.testkit.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ExternalProcessTest {
    @TempDir
    Path dir;

    @Test
    void runsInItsDirectoryAndLogsOutputAndExitCode() {
        try (ExternalProcess process = ExternalProcess.start(List.of("sh", "-c", "pwd; echo oops >&2; exit 3"), dir,
                dir.resolve("out.log"))) {
            assertThat(process.awaitExit(Duration.ofSeconds(10))).isEqualTo(3);
            assertThat(process.log()).contains(dir.toString()).contains("oops");
            assertThat(process.awaitLog("never printed", Duration.ofSeconds(10))).as("a dead process fails fast")
                    .isFalse();
        }
    }

    @Test
    void closeStopsByPidWithSigtermAndSigkillWhenSigtermIsIgnored() {
        ExternalProcess polite = ExternalProcess.start(List.of("sleep", "60"), dir, dir.resolve("sleep.log"));
        polite.close();
        assertThat(polite.isAlive()).isFalse();
        assertThat(ProcessHandle.of(polite.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));

        ExternalProcess stubborn = ExternalProcess.start(List.of("sh", "-c", "trap '' TERM; echo ready; sleep 60"),
                dir, dir.resolve("trap.log"));
        assertThat(stubborn.awaitLog("ready", Duration.ofSeconds(10))).isTrue();
        long started = System.nanoTime();
        stubborn.close();
        assertThat(stubborn.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(ExternalProcess.GRACE);
    }

    @Test
    void signalsAndWaitsForAPort() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ExternalProcess process = ExternalProcess.start(
                        // USR1, not HUP: a shell started under nohup cannot trap the HUP it inherited as ignored
                        List.of("sh", "-c", "trap 'echo got-usr1' USR1; echo ready; while true; do sleep 0.1; done"),
                        dir, dir.resolve("usr1.log"))) {
            assertThat(process.awaitLog("ready", Duration.ofSeconds(10))).isTrue();
            process.signal("USR1");
            assertThat(process.awaitLog("got-usr1", Duration.ofSeconds(10))).isTrue();
            assertThat(process.awaitTcpPort(server.getLocalPort(), Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> ExternalProcess.start(List.of(), dir, dir.resolve("x.log")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command: [] (expected: a program and its arguments)");
        try (ExternalProcess process = ExternalProcess.start(List.of("sleep", "60"), dir, dir.resolve("s.log"))) {
            assertThatThrownBy(() -> process.signal("-9; rm")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("signal: -9; rm (expected: a signal name such as HUP)");
        }
        assertThatThrownBy(() -> OpenTrackerProcess.start(dir, "xyz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("infoHash: xyz (expected: 40 hex digits)");
        assertThatThrownBy(() -> Aria2Process.seed(dir.resolve("t.torrent"), dir, -1, dir.resolve("a.log")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uploadLimit: -1 (expected: >= 0, 0 = unlimited)");
    }

    @Test
    void freePortsAreOnLoopbackAndInRange() {
        assertThat(ExternalProcess.freeTcpPort()).isBetween(1, 65535);
        assertThat(ExternalProcess.freeUdpPort()).isBetween(1, 65535);
    }
}

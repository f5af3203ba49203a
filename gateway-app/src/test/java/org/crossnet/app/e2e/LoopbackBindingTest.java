package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.crossnet.app.CrossnetApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The gateway listens on the loopback interface only, by default: the packaged default says so, and the running
 * gateway (which uses it) cannot be reached through any other address of this machine.
 */
class LoopbackBindingTest extends RunningGatewayTest {
    @Value("${server.address}")
    String serverAddress;

    @Test
    void packagedDefaultBindsLoopback() throws IOException {
        // The application.properties of the main classes (what the jar packs), not one a test could put in front.
        Path classes = Path.of(CrossnetApplication.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Properties packaged = new Properties();
        try (InputStream in = Files.newInputStream(classes.resolve("application.properties"))) {
            packaged.load(in);
        }
        assertThat(packaged.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(packaged.getProperty("server.port")).isEqualTo("7420");
        assertThat(serverAddress).as("server.address of the running test gateway").isEqualTo("127.0.0.1");
    }

    @Test
    void runningGatewayIsNotReachableThroughAnotherLocalAddress() throws IOException {
        List<InetAddress> others = nonLoopbackAddresses();
        assumeFalse(others.isEmpty(), "this machine has no non-loopback address to try");

        assertThat(connects(new InetSocketAddress("127.0.0.1", port))).as("reachable on 127.0.0.1").isTrue();
        try (ServerSocket control = new ServerSocket()) {
            control.bind(new InetSocketAddress(0)); // the wildcard address: what the gateway must not do
            for (InetAddress address : others) {
                assertThat(connects(new InetSocketAddress(address, control.getLocalPort())))
                        .as("control socket on the wildcard reachable through %s", address).isTrue();
                assertThatThrownBy(() -> connect(new InetSocketAddress(address, port)))
                        .as("gateway port %d through %s", port, address).isInstanceOf(ConnectException.class);
            }
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                // link-local IPv6 needs a scope and says nothing more than the other addresses do
                if (!address.isLoopbackAddress() && !(address instanceof Inet6Address && address.isLinkLocalAddress())) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }

    private static boolean connects(InetSocketAddress address) {
        try {
            connect(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void connect(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2_000);
        }
    }
}

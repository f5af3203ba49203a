package org.crossnet.spi.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerAddressTest {
    @ParameterizedTest
    @CsvSource({
        "192.0.2.1:6881, 192.0.2.1, 6881",
        "peer.example.org:1, peer.example.org, 1",
        "Peer-1_x.Example:65535, Peer-1_x.Example, 65535",
        "[2001:db8::1]:51413, 2001:db8::1, 51413",
        "[::ffff:192.0.2.1]:80, ::ffff:192.0.2.1, 80"})
    void parsesAndPrintsBack(String text, String host, int port) {
        PeerAddress address = PeerAddress.parse("x.pe", text);

        assertThat(address).isEqualTo(new PeerAddress(host, port));
        assertThat(address.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "host; x.pe: host (expected: host:port)",
        "host:; x.pe: host: (expected: a decimal port 1..65535)",
        "host:+80; x.pe: host:+80 (expected: a decimal port 1..65535)",
        "host:000080; x.pe: host:000080 (expected: a decimal port 1..65535)",
        "host:٨٠; x.pe: host:٨٠ (expected: a decimal port 1..65535)",
        "host:99999; x.pe: host:99999 (expected: a port 1..65535)",
        ":80; x.pe: :80 (expected: host:port with a non-empty host)",
        "[]:80; x.pe: []:80 (expected: brackets only around an IPv6 address)",
        "[1.2.3.4]:80; x.pe: [1.2.3.4]:80 (expected: brackets only around an IPv6 address)",
        "[::1]80; x.pe: [::1]80 (expected: [ipv6]:port)",
        "[::1:80; x.pe: [::1:80 (expected: [ipv6]:port)",
        "::1:80; x.pe: ::1:80 (expected: host:port, with an IPv6 host in brackets)",
        "[fe80::1%eth0]:80; x.pe: [fe80::1%eth0]:80 (expected: a host name, IPv4 address or IPv6 address",
        "ex ample:80; x.pe: ex ample:80 (expected: a host name",
        "exämple:80; x.pe: exämple:80 (expected: a host name",
        "İ:80; x.pe: İ:80 (expected: a host name",
        "a/b:80; x.pe: a/b:80 (expected: a host name"})
    void rejectsWithPreciseReason(String text, String message) {
        assertThatThrownBy(() -> PeerAddress.parse("x.pe", text))
                .isInstanceOf(GatewayException.class)
                .hasMessageStartingWith(message)
                .extracting(e -> ((GatewayException) e).code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void constructorChecksHostAndPort() {
        assertThatThrownBy(() -> new PeerAddress("", 1)).hasMessage("host: (empty) (expected: a non-empty host)");
        assertThatThrownBy(() -> new PeerAddress(null, 1)).hasMessage("host: null (expected: a non-empty host)");
        assertThatThrownBy(() -> new PeerAddress("a", 0)).hasMessage("port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> new PeerAddress("a", 65_536)).hasMessage("port: 65536 (expected: 1..65535)");
        assertThatThrownBy(() -> PeerAddress.parse("x.pe", null)).hasMessage("x.pe: null (expected: host:port)");
    }
}

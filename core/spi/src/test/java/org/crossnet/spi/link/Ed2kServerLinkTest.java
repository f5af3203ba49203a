package org.crossnet.spi.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crossnet.spi.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ed2kServerLinkTest {
    @Test
    void parsesDocExample() {
        // From the aMule documentation, docs/p2p-networks/ed2k/links.md ("Server Links").
        Ed2kServerLink link = Ed2kServerLink.parse("ed2k://|server|195.245.244.243|4661|/");

        assertThat(link).isEqualTo(new Ed2kServerLink("195.245.244.243", 4661));
        assertThat(link.address()).isEqualTo(new PeerAddress("195.245.244.243", 4661));
        assertThat(link.format()).isEqualTo("ed2k://|server|195.245.244.243|4661|/");
    }

    @Test
    void acceptsHostNamesAnyCaseAndSkipsExtraFields() {
        Ed2kServerLink link = Ed2kServerLink.parse("ED2K://|Server|server.example.org|4242|name=x|/");

        assertThat(link).isEqualTo(new Ed2kServerLink("server.example.org", 4242));
        assertThat(Ed2kServerLink.parse(link.format())).isEqualTo(link);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "ed2k://|server|1.2.3.4|0|/; port: 0 (expected: a port 1..65535)",
        "ed2k://|server|1.2.3.4|65536|/; port: 65536 (expected: a port 1..65535)",
        "ed2k://|server|1.2.3.4|x|/; port: x (expected: a decimal port 1..65535)",
        "ed2k://|server|1.2.3.4||/; port: (empty) (expected: a decimal port 1..65535)",
        "ed2k://|server||4661|/; host: (empty) (expected: a non-empty host)",
        "ed2k://|server|bad host|4661|/; host: bad host (expected: a host name",
        "ed2k://|server|1.2.3.4|/; link: ed2k://|server|1.2.3.4|/ (expected: ed2k://|server|<host>|<port>|/)",
        "ed2k://|server|1.2.3.4|4661; link: ed2k://|server|1.2.3.4|4661 (expected: an ed2k link ending in |/)",
        "ed2k://|file|a|1|CC8C3B104AD58678F69858F1F9B736E9|/; (expected: an ed2k server link, ed2k://|server|",
        "ed2k://|serverlist|http://example.org/server.met|/; (expected: an ed2k server link"})
    void rejectsWithPreciseReason(String link, String message) {
        assertThatThrownBy(() -> Ed2kServerLink.parse(link)).isInstanceOf(GatewayException.class)
                .hasMessageContaining(message);
    }

    @Test
    void constructorRejectsIpv6() {
        assertThatThrownBy(() -> new Ed2kServerLink("::1", 4661))
                .hasMessage("host: ::1 (expected: an IPv4 address or host name)");
    }
}

package org.crossnet.adapter.gnutella;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;

/** A listen port in use refuses the start with the address named (Netty's bare BindException is checked). */
class ListenPortTakenTest {
    @Test
    void aTakenListenPortIsNamedInTheStartFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             TestAdapterContext context = TestAdapterContext.forNetwork("gnutella")) {
            int port = taken.getLocalPort();
            NetworkAdapter adapter = new GnutellaAdapterFactory()
                    .create(GnutellaConfig.defaults().withListen("127.0.0.1", port), context);
            GatewayException e = catchThrowableOfType(adapter::start, GatewayException.class);
            assertThat(e.code()).isEqualTo(GatewayErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("listen: 127.0.0.1:" + port
                    + " (expected: a free port): Address already in use");
            adapter.close();
        }
    }
}

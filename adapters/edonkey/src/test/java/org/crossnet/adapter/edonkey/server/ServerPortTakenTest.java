package org.crossnet.adapter.edonkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.crossnet.adapter.edonkey.EdonkeyAdapter;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;

/** A server-role port in use refuses the start with the setting and the address named. */
class ServerPortTakenTest {
    @Test
    void aTakenServerPortIsNamedInTheStartFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             TestAdapterContext ctx = new TestAdapterContext(new NetworkId("edonkey"))) {
            int port = taken.getLocalPort();
            EdonkeyAdapter adapter = new EdonkeyAdapter(Nodes.config("127.0.0.1").withServerRole(true, port), ctx);
            GatewayException e = catchThrowableOfType(adapter::start, GatewayException.class);
            assertThat(e.code()).isEqualTo(GatewayErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("edonkey: cannot start (server-port: 127.0.0.1:" + port
                    + " (expected: a free port): Address already in use)");
            adapter.close();
        }
    }
}

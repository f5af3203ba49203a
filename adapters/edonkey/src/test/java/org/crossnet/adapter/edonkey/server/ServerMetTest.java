package org.crossnet.adapter.edonkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.edonkey.EdonkeyAdapter;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;

/**
 * server.met: a file laid out by hand from the format page (version 0x0E, one entry with an old-form ST_SERVERNAME
 * tag and one with a new-form ST_PREFERENCE u8 tag), refused inputs, round trip, and the adapter reading it at start
 * (the servers are pinged over UDP) and writing what it knows at close.
 */
class ServerMetTest {
    // 0E | count 2 | 198.51.100.7:4661, 1 tag: 02 0100 01 "x" (old form: type STRING, name len 1, name 0x01)
    //               | 198.51.100.8:4242, 1 tag: 89 0E 01 (new form: UINT8 | 0x80, name 0x0E, value 1)
    private static final String VECTOR = "0e" + "02000000"
            + "c6336407" + "3512" + "01000000" + "02" + "0100" + "01" + "0100" + "78"
            + "c6336408" + "9210" + "01000000" + "89" + "0e" + "01";

    @Test
    void readsAHandLaidFileAndSkipsTags() {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(VECTOR));
        assertThat(ServerMet.decode(in)).containsExactly(new InetSocketAddress("198.51.100.7", 4661),
                new InetSocketAddress("198.51.100.8", 4242));
        assertThat(in.isReadable()).isFalse();
        in.release();
    }

    @Test
    void roundTrips() {
        List<InetSocketAddress> servers = List.of(new InetSocketAddress("198.51.100.7", 4661),
                new InetSocketAddress("203.0.113.9", 65000));
        ByteBuf out = Unpooled.buffer();
        ServerMet.encode(servers, out);
        assertThat(ServerMet.decode(out)).isEqualTo(servers);
        out.release();
    }

    @Test
    void refusesBadVersionImpossibleCountAndTruncation() {
        assertThatThrownBy(() -> ServerMet.decode(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0f00000000"))))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("server.met version: 0x0F");
        assertThatThrownBy(() -> ServerMet.decode(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(
                "0effffff7f" + "00".repeat(20))))).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("server.met count");
        byte[] whole = ByteBufUtil.decodeHexDump(VECTOR);
        for (int cut = 5; cut < whole.length; cut++) {
            int n = cut;
            assertThatThrownBy(() -> ServerMet.decode(Unpooled.wrappedBuffer(whole, 0, n)))
                    .as("cut at %d", n).isInstanceOf(Ed2kWireException.class);
        }
    }

    @Test
    void theAdapterStartsWithItsServerMetAndWritesItBack() throws Exception {
        try (TestAdapterContext ctx = new TestAdapterContext(new NetworkId("edonkey"))) {
            Path met = ctx.stateDirectory().resolve(ServerMet.FILE_NAME);
            Files.write(met, ByteBufUtil.decodeHexDump(VECTOR));
            EdonkeyAdapter a = new EdonkeyAdapter(Nodes.config("127.0.0.1"), ctx);
            a.start();
            try {
                assertThat(Nodes.await(() -> a.serverUdp().servers().size() == 2, Duration.ofSeconds(5))).isTrue();
            } finally {
                a.close();
            }
            assertThat(ServerMet.read(met)).containsExactly(new InetSocketAddress("198.51.100.7", 4661),
                    new InetSocketAddress("198.51.100.8", 4242));
        }
    }
}

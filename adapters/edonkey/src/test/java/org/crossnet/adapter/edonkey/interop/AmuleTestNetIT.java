package org.crossnet.adapter.edonkey.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself: amuled starts in the namespace, shares a file, and is reachable from the gateway address. */
class AmuleTestNetIT {
    @Test
    void amuledSharesAFileAndAnswersFromTheGatewaySide(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("fixture-check.bin");
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Files.write(file, data);
        try (AmuleTestNet net = AmuleTestNet.create()) {
            AmuleNode node = net.start("fx", o -> o.share(file));
            // ed2k hash of a file below one part = MD4 of its bytes
            String md4 = org.bouncycastle.util.encoders.Hex.toHexString(md4(data));
            assertThat(node.awaitShared(md4, Duration.ofSeconds(30))).as(node.log()).isTrue();
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(net.gatewayAddress(), 0));
                s.connect(new InetSocketAddress(node.address(), node.tcpPort()), 5000);
                assertThat(s.isConnected()).isTrue();
            }
            Path ns = Path.of("/var/run/netns", net.namespace());
            assertThat(ns).exists();
            net.close();
            assertThat(ns).doesNotExist();
            assertThat(node.isAlive()).isFalse();
        }
    }

    static byte[] md4(byte[] data) {
        org.bouncycastle.crypto.digests.MD4Digest d = new org.bouncycastle.crypto.digests.MD4Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[16];
        d.doFinal(out, 0);
        return out;
    }
}

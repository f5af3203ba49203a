package org.crossnet.adapter.edonkey.aich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.junit.jupiter.api.Test;

/** aMule's rule for trusting a root sources announce: 10 distinct /20 networks, 92 % of all that announced one. */
class AichTrustTest {
    private static final AichRoot A = root(1);
    private static final AichRoot B = root(2);

    @Test
    void theLinksRootIsTrustedAtOnceAndVotesDoNotChangeIt() throws Exception {
        AichTrust t = new AichTrust(A);
        assertThat(t.trusted()).isEqualTo(A);
        for (int i = 0; i < 20; i++) {
            assertThat(t.announced(B, ip(10, i * 16))).isFalse();
        }
        assertThat(t.trusted()).isEqualTo(A);
        t.fail();
        assertThat(t.trusted()).isNull();
    }

    @Test
    void tenNetworksMakeARootTrusted() throws Exception {
        AichTrust t = new AichTrust(null);
        for (int i = 0; i < 9; i++) {
            assertThat(t.announced(A, ip(10, i * 16))).isFalse();
        }
        // another host of a /20 already counted adds nothing
        assertThat(t.announced(A, ip(10, 8 * 16 + 3))).isFalse();
        assertThat(t.trusted()).isNull();
        assertThat(t.announced(A, ip(10, 9 * 16))).isTrue();
        assertThat(t.trusted()).isEqualTo(A);
    }

    @Test
    void aDissentOfMoreThanEightPercentBlocksTrust() throws Exception {
        AichTrust t = new AichTrust(null);
        t.announced(B, ip(11, 0));
        for (int i = 0; i < 10; i++) {
            t.announced(A, ip(10, i * 16));
        }
        // 10 of 11 networks: 90 % < 92 %
        assertThat(t.trusted()).isNull();
        t.announced(A, ip(10, 10 * 16));
        t.announced(A, ip(10, 11 * 16));
        // 12 of 13: 92.3 %
        assertThat(t.trusted()).isEqualTo(A);
    }

    private static InetAddress ip(int a, int c) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) a, 1, (byte) c, 9});
    }

    private static AichRoot root(int seed) {
        byte[] b = new byte[20];
        b[0] = (byte) seed;
        return new AichRoot(Bytes.of(b));
    }
}

package org.crossnet.adapter.edonkey.kad;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossnet.adapter.edonkey.kad.codec.KadOpcodes;
import org.junit.jupiter.api.Test;

class RequestLimiterTest {
    @Test
    void allowsAmulesRatePerPeerAndOpcode() {
        RequestLimiter limiter = new RequestLimiter();
        // KADEMLIA2_REQ: 10 a minute, one more every 6 s
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.allow("a", KadOpcodes.REQ, 0)).isTrue();
        }
        assertThat(limiter.wouldAllow("a", KadOpcodes.REQ, 0)).isFalse();
        assertThat(limiter.allow("a", KadOpcodes.REQ, 0)).isFalse();
        assertThat(limiter.allow("b", KadOpcodes.REQ, 0)).isTrue();
        assertThat(limiter.allow("a", KadOpcodes.HELLO_REQ, 0)).isTrue();
        // the refused one counted too (as aMule counts it): two drain periods for one more
        assertThat(limiter.allow("a", KadOpcodes.REQ, 6_000)).isFalse();
        assertThat(limiter.allow("a", KadOpcodes.REQ, 18_000)).isTrue();
        // both firewall request opcodes share one allowance of 2
        assertThat(limiter.allow("c", KadOpcodes.FIREWALLED_REQ, 0)).isTrue();
        assertThat(limiter.allow("c", KadOpcodes.FIREWALLED2_REQ, 0)).isTrue();
        assertThat(limiter.allow("c", KadOpcodes.FIREWALLED2_REQ, 0)).isFalse();
        // answers are not limited
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.allow("a", KadOpcodes.RES, 0)).isTrue();
        }
        limiter.cleanup(10 * 60_000);
        assertThat(limiter.wouldAllow("a", KadOpcodes.REQ, 10 * 60_000)).isTrue();
    }
}

package org.crossnet.adapter.bittorrent.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.crossnet.spi.model.Bytes;
import org.junit.jupiter.api.Test;

class ExtensionMessagesTest {
    private static Bytes b(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void extendedHandshakeRoundTripsAndReadsPeerIds() {
        ExtendedHandshake ours = new ExtendedHandshake(Map.of("ut_metadata", 1, "ut_pex", 2), "Crossnet", 250, 31235,
                6881);
        assertThat(new String(ours.encode().toArray(), StandardCharsets.ISO_8859_1)).isEqualTo(
                "d1:md11:ut_metadatai1e6:ut_pexi2ee13:metadata_sizei31235e1:pi6881e4:reqqi250e1:v8:Crossnete");
        assertThat(ExtendedHandshake.decode(ours.encode())).isEqualTo(ours);
        // libtorrent-style: other ids, an unknown key, a disabled extension (id 0).
        ExtendedHandshake theirs = ExtendedHandshake.decode(
                b("d1:md11:lt_donthavei7e11:ut_metadatai3e6:ut_pexi0ee6:yourip4:\u007f\u0000\u0000\u0001e"));
        assertThat(theirs.idOf("ut_metadata")).isEqualTo(3);
        assertThat(theirs.idOf("ut_pex")).as("id 0 disables").isZero();
        assertThat(theirs.metadataSize()).isEqualTo(-1);
    }

    @Test
    void malformedExtendedHandshakesAreCodecErrors() {
        assertThatThrownBy(() -> ExtendedHandshake.decode(b("d1:md")))
                .isInstanceOf(PeerWireException.class).hasMessageStartingWith("extended-handshake: malformed bencode");
        assertThatThrownBy(() -> ExtendedHandshake.decode(b("d1:mi3ee")))
                .hasMessage("extended-handshake.m: not a dictionary (expected: a dictionary)");
        assertThatThrownBy(() -> ExtendedHandshake.decode(b("d13:metadata_sizei999999999999ee")))
                .hasMessageStartingWith("extended-handshake.metadata_size: 999999999999");
    }

    @Test
    void metadataDataCarriesRawBytesAfterItsDictionary() {
        MetadataMessage data = new MetadataMessage(MetadataMessage.DATA, 1, 20000, b("0123456789"));
        assertThat(new String(data.encode().toArray(), StandardCharsets.ISO_8859_1))
                .isEqualTo("d8:msg_typei1e5:piecei1e10:total_sizei20000ee0123456789");
        assertThat(MetadataMessage.decode(data.encode())).isEqualTo(data);
        MetadataMessage request = new MetadataMessage(MetadataMessage.REQUEST, 0, -1, b(""));
        assertThat(MetadataMessage.decode(request.encode())).isEqualTo(request);
    }

    @Test
    void malformedMetadataMessagesAreCodecErrors() {
        assertThatThrownBy(() -> MetadataMessage.decode(b("d8:msg_typei1e5:piece"))).isInstanceOf(PeerWireException.class);
        assertThatThrownBy(() -> MetadataMessage.decode(b("d8:msg_typei7e5:piecei0ee")))
                .hasMessage("ut_metadata.msg_type: 7 (expected: 0, 1 or 2)");
        assertThatThrownBy(() -> MetadataMessage.decode(b("d8:msg_typei0e5:piecei0eexx")))
                .hasMessage("ut_metadata.data: 2 bytes (expected: none on a request or reject)");
        assertThatThrownBy(() -> MetadataMessage.decode(b("d5:piecei0ee")))
                .hasMessage("ut_metadata.msg_type: missing (expected: an integer)");
        assertThatThrownBy(() -> MetadataMessage.decode(b("i3e"))).isInstanceOf(PeerWireException.class);
        assertThatThrownBy(() -> MetadataMessage.decode(b("99999:x"))).isInstanceOf(PeerWireException.class);
    }

    @Test
    void pexRoundTripsAndRejectsBadCompactLists() {
        PexMessage pex = new PexMessage(List.of(new InetSocketAddress("127.0.0.1", 6881),
                new InetSocketAddress("10.1.2.3", 51413)), Bytes.of(new byte[] {0x10, 0x02}),
                List.of(new InetSocketAddress("192.0.2.9", 1)));
        assertThat(PexMessage.decode(pex.encode())).isEqualTo(pex);
        assertThatThrownBy(() -> PexMessage.decode(b("d5:added5:abcdee")))
                .hasMessageStartingWith("ut_pex.added: 5 bytes (expected: a multiple of 6");
        assertThatThrownBy(() -> PexMessage.decode(b("d5:addedi1ee")))
                .hasMessage("ut_pex.added: not a string (expected: a compact peer list)");
        assertThatThrownBy(() -> PexMessage.decode(b("l"))).hasMessageStartingWith("ut_pex: malformed bencode");
    }
}

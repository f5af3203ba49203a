package org.crossnet.adapter.gnutella.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.crossnet.spi.model.TigerTreeRoot;
import org.junit.jupiter.api.Test;

/** X-Queue / X-Queued, X-Alt and X-Thex-URI values. */
class HeaderValuesTest {
    @Test
    void readsActiveQueuingStatus() {
        QueueStatus q = QueueStatus.parse("position=2,length=5,limit=4,pollMin=45,pollMax=120");
        assertThat(q).isEqualTo(new QueueStatus(2, 5, 4, 45, 120, -1, null));
        assertThat(q.xQueue()).isEqualTo("position=2,length=5,limit=4,pollMin=45,pollMax=120");
        assertThat(QueueStatus.parse(" position=1 , pollMin=45, pollMax=120 ").position()).isEqualTo(1);
    }

    @Test
    void readsParqStatus() {
        QueueStatus q = QueueStatus.parse("position=1503; length=1840; ETA=4200; lifetime=3600;"
                + " ID=6a074979f3201edbf323b6425fef4a53");
        assertThat(q).isEqualTo(new QueueStatus(1503, 1840, -1, -1, -1, 3600, "6a074979f3201edbf323b6425fef4a53"));
        assertThat(QueueStatus.parse(q.xQueued())).isEqualTo(q);
        assertThat(q.echo()).isEqualTo("position=1503; ID=6a074979f3201edbf323b6425fef4a53");
        // gtk-gnutella puts the ID alone in a 200 answer (vectors/gnutella/http).
        assertThat(QueueStatus.parse("ID=6569658d25f85624ad01bc690d6e4030").id())
                .isEqualTo("6569658d25f85624ad01bc690d6e4030");
        assertThat(QueueStatus.parse("position=1,id=\"general\"").id()).isEqualTo("general");
    }

    @Test
    void refusesMalformedQueueValues() {
        assertThatThrownBy(() -> QueueStatus.parse("position=two")).isInstanceOf(HttpWireException.class)
                .hasMessage("queue.position: two (expected: a decimal 0..999999999)");
        assertThatThrownBy(() -> QueueStatus.parse("position")).hasMessageStartingWith("queue: position");
        assertThatThrownBy(() -> QueueStatus.parse("ID=a b")).hasMessageStartingWith("queue.id: a b");
        assertThatThrownBy(() -> QueueStatus.parse("position=1," + "x".repeat(600)))
                .hasMessageContaining("at most 512");
    }

    @Test
    void readsClientQueueVersions() {
        assertThat(QueueStatus.clientMajorVersion("1.1")).isEqualTo(1);
        assertThat(QueueStatus.clientMajorVersion(" 0.1 ")).isEqualTo(0);
        assertThat(QueueStatus.clientMajorVersion("x")).isEqualTo(-1);
        assertThat(QueueStatus.clientMajorVersion("1.")).isEqualTo(-1);
        assertThat(QueueStatus.clientMajorVersion(null)).isEqualTo(-1);
    }

    @Test
    void readsDirectAltLocationsAndSkipsTheRest() {
        List<InetSocketAddress> alts = AltLocations.parse("1.2.3.4:6347, 5.6.7.8,tls=1a, "
                + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567;9.9.9.9:1, 300.1.1.1:5, 1.2.3.4:0, 1.2.3.4:6347, host.example:1");
        assertThat(alts).containsExactly(new InetSocketAddress("1.2.3.4", 6347), new InetSocketAddress("5.6.7.8", 6346));
        assertThat(AltLocations.format(alts)).isEqualTo("1.2.3.4:6347, 5.6.7.8:6346");
        assertThat(AltLocations.parse(null)).isEmpty();
        assertThat(AltLocations.parse("1.1.1.1:1,".repeat(1000))).isEmpty();
    }

    @Test
    void thexUriRoundTrips() {
        String value = "/uri-res/N2X?urn:sha1:URAW5Y7TPTAXUHJT22BB6XKGYICBV37R;TIR3RULFQ4WYCE3B3Z2BLTOVOSKNFAO2JSIHQWQ";
        ThexUri uri = ThexUri.parse(value);
        assertThat(uri.root()).isEqualTo(TigerTreeRoot.parse("TIR3RULFQ4WYCE3B3Z2BLTOVOSKNFAO2JSIHQWQ"));
        assertThat(uri.headerValue()).isEqualTo(value);
        assertThatThrownBy(() -> ThexUri.parse("/x;SHORT")).hasMessageStartingWith("x-thex-uri: /x;SHORT");
        assertThatThrownBy(() -> ThexUri.parse("x;TIR3RULFQ4WYCE3B3Z2BLTOVOSKNFAO2JSIHQWQ"))
                .hasMessageStartingWith("x-thex-uri.path: x");
    }
}

package org.crossnet.adapter.gnutella.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;

/** What the adapter's lifecycle relies on: building an endpoint does nothing, closing one ends everything. */
class EndpointLifecycleTest {
    @Test
    void constructionStartsNothingAndCloseWithoutUseIsFine() {
        try (TestAdapterContext context = TestAdapterContext.forNetwork("gnutella")) {
            HttpEndpoint endpoint = new HttpEndpoint(HttpSettings.defaults(), new SharedFileTable(), context,
                    PushRequester.NONE);
            // The endpoint reads the context's facilities once (no call into the context may follow close()), but
            // uses none of them: nothing is executed, logged or scheduled.
            assertThat(context.log().calls("executor")).isEmpty();
            assertThat(context.log().calls("context")).extracting(c -> c.method())
                    .allMatch(m -> List.of("logger", "eventLoops", "blockingExecutor", "clock", "network").contains(m));
            assertThat(context.log().calls("logger")).isEmpty();
            endpoint.close();
            endpoint.close();
            context.markAdapterClosed();
            assertThat(context.callsAfterClose()).isEmpty();
        }
    }

    @Test
    void afterCloseConnectionsAreRefusedAndDownloadsUnavailable() {
        try (TestAdapterContext context = TestAdapterContext.forNetwork("gnutella")) {
            HttpEndpoint endpoint = new HttpEndpoint(HttpSettings.defaults(), new SharedFileTable(), context,
                    PushRequester.NONE);
            endpoint.close();
            EmbeddedChannel channel = new EmbeddedChannel();
            ByteBuf first = Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII);
            endpoint.accept(channel, first);
            assertThat(first.refCnt()).isZero();
            assertThat(channel.isOpen()).isFalse();

            Sha1 sha1 = new Sha1(Bytes.of(new byte[20]));
            InMemoryStoredContent store = context.store().addTransfer(TransferId.random(), 10);
            assertThatThrownBy(() -> endpoint.download(new DownloadRequest(store.transfer(),
                    new ContentId(10, "x", sha1, null, null, null, null), store, List.of(), List.of(), null),
                    context.newDownloadSink())).isInstanceOf(GatewayException.class)
                    .extracting(e -> ((GatewayException) e).code()).isEqualTo(GatewayErrorCode.UNAVAILABLE);
        }
    }

    @Test
    void canFetchNeedsASha1AndAKnownSize() {
        Sha1 sha1 = new Sha1(Bytes.of(new byte[20]));
        assertThat(HttpEndpoint.canFetch(new ContentId(10, "x", sha1, null, null, null, null))).isTrue();
        assertThat(HttpEndpoint.canFetch(new ContentId(-1, "x", sha1, null, null, null, null))).isFalse();
        assertThat(HttpEndpoint.canFetch(new ContentId(0, "x", sha1, null, null, null, null))).isFalse();
    }
}

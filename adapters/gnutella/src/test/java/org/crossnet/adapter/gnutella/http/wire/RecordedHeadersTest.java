package org.crossnet.adapter.gnutella.http.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP heads gtk-gnutella 1.2.3 sent (vectors/gnutella/http/README.md): decode, type, re-encode. */
class RecordedHeadersTest {
    private static final String DIR = "gnutella";
    private static final List<String> RUNS = List.of("plain", "deflate", "upup-plain");

    static Stream<String> requests() {
        return RUNS.stream().flatMap(run -> Stream.of("http/" + run + "_c03_req1.bin", "http/" + run + "_c04_req1.bin"));
    }

    static Stream<String> responses() {
        return RUNS.stream().flatMap(run -> Stream.of("http/" + run + "_c03_resp1.bin",
                "http/" + run + "_c04_resp1.bin"));
    }

    // The three runs' heads differ only in tokens, IDs and dates: splitting one run's at every offset is enough and
    // keeps this test fast under paranoid leak detection.
    static Stream<String> plainRequests() {
        return requests().filter(n -> n.startsWith("http/plain_"));
    }

    static Stream<String> plainResponses() {
        return responses().filter(n -> n.startsWith("http/plain_"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestsDecodeIntoTypedRequests(String name) {
        byte[] bytes = ProtocolVectors.load(DIR, name);
        HttpRequest request = decodeRequest(List.of(bytes));
        UploadRequest upload = UploadRequest.of(request);

        assertThat(upload.method()).isEqualTo(HttpMethod.GET);
        assertThat(upload.range()).isNull();
        assertThat(upload.queueVersion()).isEqualTo(1);
        assertThat(upload.keepAlive()).isTrue();
        assertThat(upload.userAgent()).startsWith("gtk-gnutella/1.2.3");
        if (name.contains("c03")) {
            assertThat(upload.target()).isEqualTo(new RequestTarget.Resource(
                    Sha1.parse("URAW5Y7TPTAXUHJT22BB6XKGYICBV37R")));
            assertThat(upload.node()).isEqualTo(new InetSocketAddress("127.0.0.1", 16347));
        } else {
            assertThat(upload.target()).isEqualTo(new RequestTarget.Indexed(1, "crossnet-leaf-file.bin"));
            assertThat(upload.node()).isEqualTo(new InetSocketAddress("127.0.0.1", 16346));
        }
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responsesDecodeIntoTypedHeads(String name) {
        ResponseHead head = ResponseHead.of(decodeResponse(List.of(ProtocolVectors.load(DIR, name))));

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.keepAlive()).isTrue();
        assertThat(head.contentRange()).isNull();
        assertThat(head.server()).startsWith("gtk-gnutella/1.2.3");
        assertThat(head.queue().id()).hasSize(32);
        assertThat(head.queue().position()).isEqualTo(-1);
        if (name.contains("c03")) {
            assertThat(head.contentLength()).isEqualTo(262_144);
            assertThat(head.contentUrn()).isEqualTo(Sha1.parse("URAW5Y7TPTAXUHJT22BB6XKGYICBV37R"));
            assertThat(head.thexUri()).isEqualTo(new ThexUri("/uri-res/N2X?urn:sha1:URAW5Y7TPTAXUHJT22BB6XKGYICBV37R",
                    TigerTreeRoot.parse("TIR3RULFQ4WYCE3B3Z2BLTOVOSKNFAO2JSIHQWQ")));
            // The THEX path it advertises is one our uploader understands too.
            assertThat(RequestTarget.parse(head.thexUri().path())).isEqualTo(new RequestTarget.Tree(
                    Sha1.parse("URAW5Y7TPTAXUHJT22BB6XKGYICBV37R")));
        } else {
            assertThat(head.contentLength()).isEqualTo(65_536);
            assertThat(head.contentUrn()).isEqualTo(Sha1.parse("SNWVGV3UXTQ6JG7KWRPSEUYYET3PF57U"));
            assertThat(head.thexUri().root()).isEqualTo(
                    TigerTreeRoot.parse("KN6MJTP2N3AJMNWRC6Y2V4WVKJBZ5LZAX64ONOA"));
        }
    }

    @ParameterizedTest
    @MethodSource("plainResponses")
    void responseParserGivesTheSameHeadAtEverySplit(String name) {
        byte[] bytes = ProtocolVectors.load(DIR, name);
        Function<List<byte[]>, ResponseHead> parse = chunks -> ResponseHead.of(decodeResponse(chunks));

        assertThat(ProtocolVectors.decodesAlikeAtEveryOffset(bytes, parse)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("plainRequests")
    void requestParserGivesTheSameRequestAtEverySplit(String name) {
        byte[] bytes = ProtocolVectors.load(DIR, name);
        Function<List<byte[]>, UploadRequest> parse = chunks -> UploadRequest.of(decodeRequest(chunks));

        assertThat(ProtocolVectors.decodesAlikeAtEveryOffset(bytes, parse)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestsReEncodeToTheRecordedBytes(String name) {
        byte[] bytes = ProtocolVectors.load(DIR, name);
        HttpRequest request = decodeRequest(List.of(bytes));
        EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());

        assertThat(encode(encoder, request)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responsesReEncodeToTheRecordedBytes(String name) {
        byte[] bytes = ProtocolVectors.load(DIR, name);
        HttpResponse response = decodeResponse(List.of(bytes));
        EmbeddedChannel encoder = new EmbeddedChannel(new HttpResponseEncoder());

        assertThat(encode(encoder, response)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("responses")
    void truncatedResponseHeadsYieldNothing(String name) {
        byte[] bytes = ProtocolVectors.load(DIR, name);
        for (byte[] truncated : ProtocolVectors.truncations(bytes)) {
            EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseDecoder(new HttpDecoderConfig()));
            channel.writeInbound(Unpooled.wrappedBuffer(truncated));
            Object first = channel.readInbound();
            ReferenceCountUtil.release(first);
            channel.finishAndReleaseAll();
            // The last CRLF of the blank line is what completes a head; anything shorter yields no response.
            assertThat(first).as("%d bytes", truncated.length).isNull();
        }
    }

    static HttpRequest decodeRequest(List<byte[]> chunks) {
        return (HttpRequest) firstMessage(new EmbeddedChannel(new HttpRequestDecoder(new HttpDecoderConfig())),
                chunks);
    }

    static HttpResponse decodeResponse(List<byte[]> chunks) {
        return (HttpResponse) firstMessage(new EmbeddedChannel(new HttpResponseDecoder(new HttpDecoderConfig())),
                chunks);
    }

    private static HttpObject firstMessage(EmbeddedChannel channel, List<byte[]> chunks) {
        List<Object> out = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
                    out.add(m);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        HttpObject first = (HttpObject) out.get(0);
        assertThat(first.decoderResult().isSuccess()).as("%s", first.decoderResult()).isTrue();
        out.subList(1, out.size()).forEach(ReferenceCountUtil::release);
        return first;
    }

    private static byte[] encode(EmbeddedChannel encoder, Object message) {
        encoder.writeOutbound(message);
        ByteBuf out = Unpooled.buffer();
        for (Object m = encoder.readOutbound(); m != null; m = encoder.readOutbound()) {
            ByteBuf b = (ByteBuf) m;
            out.writeBytes(b);
            b.release();
        }
        encoder.finishAndReleaseAll();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }
}

package org.crossnet.adapter.gnutella.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.GnutellaMessageEncoder;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.Message;
import org.crossnet.adapter.gnutella.codec.Query;
import org.crossnet.adapter.gnutella.codec.QueryHit;
import org.crossnet.adapter.gnutella.share.SharedLibrary;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TigerTreeRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our hits survive the wire and map back to SPI hits with their identities and handle. */
class HitMappingTest {
    private static final NetworkId NET = new NetworkId("gnutella");

    @TempDir
    Path dir;

    private static Object roundTrip(QueryHit hit) {
        byte[] bytes = GnutellaMessageEncoder.toBytes(new Message(Guid.random(), 3, 0, hit));
        var buf = io.netty.buffer.Unpooled.wrappedBuffer(bytes);
        Guid g = Guid.read(buf);
        int type = buf.readUnsignedByte();
        buf.skipBytes(6);
        return org.crossnet.adapter.gnutella.codec.GnutellaMessageDecoder.decodePayload(g, type, 3, 0, buf);
    }

    @Test
    void ggepHCarriesSha1AndTigerRootAndLargeSizes() throws Exception {
        Sha1 sha1 = Sha1.parse("URAW5Y7TPTAXUHJT22BB6XKGYICBV37R");
        TigerTreeRoot tth = TigerTreeRoot.parse("TIR3RULFQ4WYCE3B3Z2BLTOVOSKNFAO2JSIHQWQ");
        long big = 5L << 30;
        SharedLibrary lib = new SharedLibrary();
        lib.add(new SharedFile(ShareId.random(), new ContentId(big, "big movie.mkv", sha1, null, null, tth, null),
                dir, List.of(), null));
        Query q = Query.of(Query.FLAG_MARK | Query.FLAG_GGEP_H, "movie");
        Guid servent = Guid.random();
        QueryHit hit = HitBuilder.build(q, lib.match(q, 10), (Inet4Address) InetAddress.getByName("192.0.2.7"), 6346,
                1000, true, servent);
        QueryHit decoded = (QueryHit) ((Message) roundTrip(hit)).payload();
        assertThat(decoded).isEqualTo(hit);
        QueryHit.Result r = decoded.results().get(0);
        assertThat(r.size()).isEqualTo(0xFFFFFFFFL);
        assertThat(r.fileSize()).isEqualTo(big);
        assertThat(r.sha1()).contains(sha1);
        assertThat(r.tth()).contains(tth);
        assertThat(decoded.trailer().push()).isTrue();

        List<SearchHit> hits = HitMapper.map(decoded, SearchQuery.ofKeywords("movie"), NET);
        assertThat(hits).hasSize(1);
        SearchHit h = hits.get(0);
        assertThat(h.size()).isEqualTo(big);
        assertThat(h.content().sha1()).isEqualTo(sha1);
        assertThat(h.content().tth()).isEqualTo(tth);
        assertThat(h.handle()).containsEntry(SearchHit.PEER_HANDLE_KEY, "192.0.2.7:6346")
                .containsEntry(HitMapper.SERVENT_KEY, servent.toString()).containsEntry(HitMapper.INDEX_KEY, "1")
                .containsEntry(HitMapper.PUSH_KEY, "true").containsEntry(HitMapper.VENDOR_KEY, "CNET");
    }

    @Test
    void plainHugeAndFiltering() throws Exception {
        SharedLibrary lib = new SharedLibrary();
        Sha1 s1 = new Sha1(Bytes.of(new byte[20]));
        lib.add(new SharedFile(ShareId.random(), new ContentId(10, "alpha beta.txt", s1, null, null, null, null), dir,
                List.of(), null));
        Query q = Query.of(Query.FLAG_MARK, "alpha");
        QueryHit hit = HitBuilder.build(q, lib.match(q, 10), (Inet4Address) InetAddress.getByName("127.0.0.1"), 1, 1,
                false, Guid.random());
        QueryHit decoded = (QueryHit) ((Message) roundTrip(hit)).payload();
        assertThat(decoded.results().get(0).extensions().urns()).hasSize(1);
        assertThat(HitMapper.map(decoded, SearchQuery.ofKeywords("alpha"), NET)).hasSize(1)
                .allSatisfy(h -> assertThat(h.handle()).containsEntry(HitMapper.PUSH_KEY, "false"));
        assertThat(HitMapper.map(decoded, SearchQuery.ofKeywords("gamma"), NET)).as("not answering the query")
                .isEmpty();
        // A result without any SHA-1 cannot be downloaded by URN nor merged: left out.
        QueryHit bare = new QueryHit(1, (Inet4Address) InetAddress.getByName("127.0.0.1"), 1,
                List.of(new QueryHit.Result(1, 10, org.crossnet.adapter.gnutella.codec.WireText.of("alpha.txt"),
                        null)), null, Guid.random());
        assertThat(HitMapper.map(bare, SearchQuery.ofKeywords("alpha"), NET)).isEmpty();
    }
}

package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.adapter.bittorrent.codec.PeerMessageDecoder;
import org.crossnet.adapter.bittorrent.codec.PeerWire;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.CallLog;
import org.crossnet.testkit.InMemoryStoredContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests that the blocks of one socket read make room for leave in one write, after the whole read was handled
 * (one buffer down the pipeline instead of one message per block), and no request is lost or duplicated by that.
 */
class RequestBatchTest {
    private ScriptedSwarm swarm;
    private InMemoryStoredContent store;

    @BeforeEach
    void setUp() {
        swarm = new ScriptedSwarm(ChokerTest.config(2, Duration.ofSeconds(60)));
        store = new InMemoryStoredContent(TransferId.random(), ChokerTest.DATA.length, new CallLog());
        ChokerTest.downloading(swarm, store);
    }

    @AfterEach
    void tearDown() {
        swarm.close();
    }

    /** Piece message {@code <len=0009+X><id=7><index><begin><block>} for a request, with the torrent's data. */
    private static void writePiece(ByteBuf out, PeerMessage.Request r) {
        int offset = r.piece() * ChokerTest.PIECE + r.begin();
        out.writeInt(9 + r.length()).writeByte(PeerWire.PIECE).writeInt(r.piece()).writeInt(r.begin())
                .writeBytes(ChokerTest.DATA, offset, r.length());
    }

    /** The messages in one outbound buffer, which must hold whole messages only. */
    private static List<PeerMessage> decodeAll(ByteBuf buf) {
        List<PeerMessage> out = new ArrayList<>();
        while (buf.isReadable()) {
            int length = buf.readInt();
            assertThat(buf.readableBytes()).as("whole messages in one write").isGreaterThanOrEqualTo(length);
            out.add(PeerMessageDecoder.decode(buf.readSlice(length), false));
        }
        return out;
    }

    @Test
    void blocksOfOneReadAreAnsweredWithOneWriteOfRequests() {
        ScriptedPeer peer = ScriptedPeer.connect(swarm, "10.0.3.1", 40_001);
        peer.send(new PeerMessage.HaveAll(), new PeerMessage.Unchoke());
        int depth = swarm.config().requestQueueMin();
        assertThat(peer.pending).as("the first requests").hasSize(depth);

        ByteBuf read = Unpooled.buffer();
        List<PeerMessage.Request> answered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerMessage.Request r = peer.pending.poll();
            answered.add(r);
            writePiece(read, r);
        }
        peer.writeInbound(read); // one socket read carrying three blocks, then its read-complete
        peer.runPendingTasks();

        List<ByteBuf> writes = new ArrayList<>();
        for (Object o = peer.readOutbound(); o != null; o = peer.readOutbound()) {
            writes.add((ByteBuf) o);
        }
        List<List<PeerMessage>> requestWrites = new ArrayList<>();
        for (ByteBuf w : writes) {
            List<PeerMessage> messages = decodeAll(w);
            if (messages.stream().anyMatch(m -> m instanceof PeerMessage.Request)) {
                requestWrites.add(messages);
            }
            w.release();
        }
        assertThat(requestWrites).as("one write carries every request the read made room for").hasSize(1);
        List<PeerMessage> batch = requestWrites.get(0);
        assertThat(batch).allMatch(m -> m instanceof PeerMessage.Request);
        // slow start: each block received frees its slot and deepens the queue by one
        assertThat(batch).as("two requests per block received").hasSize(6);
        List<String> asked = new ArrayList<>();
        peer.pending.forEach(r -> asked.add(r.piece() + "/" + r.begin()));
        for (PeerMessage m : batch) {
            PeerMessage.Request r = (PeerMessage.Request) m;
            assertThat(asked).as("not asked twice").doesNotContain(r.piece() + "/" + r.begin());
            assertThat(answered).as("not asked again once received").doesNotContain(r);
            asked.add(r.piece() + "/" + r.begin());
        }
        assertThat(torrent().peers().get(0).requests()).isEqualTo(depth - 3 + 6);
    }

    private Torrent torrent() {
        return swarm.torrent;
    }
}

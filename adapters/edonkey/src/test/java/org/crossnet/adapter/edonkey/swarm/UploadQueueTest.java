package org.crossnet.adapter.edonkey.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.codec.PartStatus;
import org.crossnet.adapter.edonkey.session.CloseReason;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.adapter.edonkey.support.ScriptedPeer;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Ed2kHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload side against scripted downloaders: file answers, the queue and its slots, ranges sent. */
class UploadQueueTest {
    @Test
    void answersFileRequestsAndQueuesPeersBeyondTheSlots(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "queued.bin", 1_000_000, 5);
        SharedFile shared = Nodes.shared(file);
        Ed2kHash hash = shared.content().ed2k();
        try (Nodes.Running seeder = Nodes.start(Nodes.config("127.0.0.1").withTransfer(1, 552_960));
             ScriptedPeer a = new ScriptedPeer("127.0.0.1", seederPort(seeder));
             ScriptedPeer b = new ScriptedPeer("127.0.0.1", seederPort(seeder));
             ScriptedPeer c = new ScriptedPeer("127.0.0.1", seederPort(seeder))) {
            seeder.adapter().publisher().orElseThrow().publish(shared);
            for (ScriptedPeer p : new ScriptedPeer[] {a, b, c}) {
                p.hello(4662);
            }
            // name and status in one multipacket, as aMule asks
            a.send(new ClientMessage.MultiPacket(hash, 1_000_000, java.util.List.of(
                    new ClientMessage.NameRequest(PartStatus.complete(), 0), new ClientMessage.StatusRequest())));
            ClientMessage.MultiPacketAnswer answer = a.read(ClientMessage.MultiPacketAnswer.class);
            assertThat(answer.answers()).containsExactly(new ClientMessage.NameAnswer("queued.bin"),
                    new ClientMessage.StatusAnswer(PartStatus.complete()));
            // an unknown file
            Ed2kHash other = Ed2kHash.parse("00112233445566778899aabbccddeeff");
            b.send(new ClientMessage.FileNameRequest(other, null, -1));
            assertThat(b.read()).isEqualTo(new ClientMessage.FileNotFound(other));

            a.send(new ClientMessage.StartUploadRequest(hash));
            assertThat(a.read()).isEqualTo(new ClientMessage.AcceptUpload());
            b.send(new ClientMessage.StartUploadRequest(hash));
            assertThat(b.read()).isEqualTo(new ClientMessage.QueueRanking(1, false));
            c.send(new ClientMessage.StartUploadRequest(hash));
            assertThat(c.read()).isEqualTo(new ClientMessage.QueueRanking(2, false));

            // the slot holder gets the ranges it asks for, in 10,240-byte packets
            a.send(new ClientMessage.RequestParts(hash, new long[] {0, 184_320, 0}, new long[] {184_320, 200_000, 0},
                    false));
            byte[] got = new byte[200_000];
            int received = 0;
            while (received < 200_000) {
                ClientMessage.SendingPart p = a.read(ClientMessage.SendingPart.class);
                assertThat(p.end() - p.start()).isLessThanOrEqualTo(10_240);
                p.data().getBytes(p.data().readerIndex(), got, (int) p.start(), (int) (p.end() - p.start()));
                received += (int) (p.end() - p.start());
                p.release();
            }
            assertThat(got).isEqualTo(Arrays.copyOf(Files.readAllBytes(file), 200_000));

            // the holder gives the slot back: the first in the queue gets it, the second moves up
            a.send(new ClientMessage.CancelTransfer());
            assertThat(b.read()).isEqualTo(new ClientMessage.AcceptUpload());
            assertThat(c.read()).isEqualTo(new ClientMessage.QueueRanking(1, false));
        }
    }

    @Test
    void rangesOutsideTheFileOrTooLargeCloseTheConnection(@TempDir Path tmp) {
        Path file = Nodes.randomFile(tmp, "ranges.bin", 600_000, 6);
        SharedFile shared = Nodes.shared(file);
        Ed2kHash hash = shared.content().ed2k();
        try (Nodes.Running seeder = Nodes.start(Nodes.config("127.0.0.1"))) {
            seeder.adapter().publisher().orElseThrow().publish(shared);
            long[][][] bad = {
                {{500_000, 0, 0}, {600_001, 0, 0}},   // past the end of the file
                {{0, 0, 0}, {552_961, 0, 0}},         // more than 3 x 180 KiB
            };
            for (long[][] r : bad) {
                try (ScriptedPeer p = new ScriptedPeer("127.0.0.1", seederPort(seeder))) {
                    p.hello(4662);
                    p.send(new ClientMessage.StartUploadRequest(hash));
                    assertThat(p.read()).isEqualTo(new ClientMessage.AcceptUpload());
                    p.send(new ClientMessage.RequestParts(hash, r[0], r[1], false));
                    assertThat(p.closedByPeer(java.time.Duration.ofSeconds(5))).isTrue();
                }
            }
            assertThat(Nodes.await(() -> seeder.adapter().node().closeCounts()
                    .getOrDefault(CloseReason.INVALID_REQUEST, 0L) == 2, java.time.Duration.ofSeconds(5))).isTrue();
        }
    }

    static int seederPort(Nodes.Running seeder) {
        return seeder.tcpPort();
    }
}

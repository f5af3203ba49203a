package org.crossnet.spi.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.List;
import java.util.function.UnaryOperator;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BInteger;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.ContentFile;
import org.junit.jupiter.api.Test;

class MetainfoTest {
    private static BDictionary.Builder singleInfo() {
        return BDictionary.builder().put("name", "a.bin").put("length", 20_000).put("piece length", 16_384)
                .put("pieces", BString.of(new byte[40]));
    }

    private static byte[] torrent(BDictionary info, UnaryOperator<BDictionary.Builder> extra) {
        return BencodeEncoder.encode(extra.apply(BDictionary.builder().put("info", info)).build());
    }

    private static BDictionary file(long length, String... path) {
        return BDictionary.builder().put("length", length)
                .put("path", new BList(java.util.Arrays.stream(path).map(p -> (org.crossnet.spi.bencode.BValue) BString.of(p)).toList()))
                .build();
    }

    @Test
    void singleFileWithAnnounceListAndInfohashOverRawBytes() throws Exception {
        BDictionary info = singleInfo().build();
        byte[] torrent = torrent(info, b -> b.put("announce", "http://t/a")
                .put("announce-list", BList.of(BList.of(BString.of("http://t/a")), BList.of(BString.of("udp://u:1/a"))))
                .put("url-list", "http://seed/a.bin"));
        Metainfo m = Metainfo.parseTorrent(torrent);
        assertThat(m.name()).isEqualTo("a.bin");
        assertThat(m.singleFile()).isTrue();
        assertThat(m.totalLength()).isEqualTo(20_000);
        assertThat(m.pieceCount()).isEqualTo(2);
        assertThat(m.pieceSize(1)).isEqualTo(20_000 - 16_384);
        assertThat(m.announceTiers()).containsExactly(List.of("http://t/a"), List.of("udp://u:1/a"));
        assertThat(m.trackers()).containsExactly("http://t/a", "udp://u:1/a");
        assertThat(m.webSeeds()).containsExactly("http://seed/a.bin");
        byte[] infoBytes = BencodeEncoder.encode(info);
        assertThat(m.infoBytes().toArray()).isEqualTo(infoBytes);
        assertThat(m.infoHash().bytes().toArray()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(infoBytes));
        assertThat(m.contentId().btih()).isEqualTo(m.infoHash());
        assertThat(m.files()).containsExactly(new ContentFile(List.of("a.bin"), 20_000, 0));
    }

    @Test
    void announceAloneIsOneTier() {
        Metainfo m = Metainfo.parseTorrent(torrent(singleInfo().build(), b -> b.put("announce", "http://t/a")));
        assertThat(m.announceTiers()).containsExactly(List.of("http://t/a"));
    }

    @Test
    void multiFileOffsetsAndPrivateFlag() {
        BDictionary info = BDictionary.builder().put("name", "root").put("piece length", 16_384)
                .put("pieces", BString.of(new byte[40])).put("private", 1)
                .put("files", BList.of(file(10_000, "a", "x.bin"), file(10_000, "y"))).build();
        Metainfo m = Metainfo.parseInfo(BencodeEncoder.encode(info), List.of());
        assertThat(m.singleFile()).isFalse();
        assertThat(m.privateFlag()).isTrue();
        assertThat(m.files()).containsExactly(new ContentFile(List.of("a", "x.bin"), 10_000, 0),
                new ContentFile(List.of("y"), 10_000, 10_000));
        assertThat(m.totalLength()).isEqualTo(20_000);
    }

    private static void rejects(byte[] torrent, String message) {
        assertThatThrownBy(() -> Metainfo.parseTorrent(torrent))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void rejectsMalformedMetainfoNamingTheField() {
        rejects(BencodeEncoder.encode(BDictionary.builder().put("info", 1).build()), "torrent.info: not a dictionary");
        rejects(BencodeEncoder.encode(BDictionary.builder().put("foo", 1).build()), "torrent.info: missing");
        rejects(torrent(singleInfo().put("name", "").build(), b -> b), "info.name: empty");
        rejects(torrent(singleInfo().put("piece length", 0).build(), b -> b), "info.piece length: 0");
        rejects(torrent(singleInfo().put("pieces", BString.of(new byte[19])).build(), b -> b), "info.pieces: 19 bytes");
        rejects(torrent(singleInfo().put("length", 99_999).build(), b -> b), "info.pieces: 2 hashes");
        rejects(torrent(singleInfo().put("length", -1).build(), b -> b), "info.length: -1");
        rejects(torrent(singleInfo().put("length", BString.of("x")).build(), b -> b), "info.length: not an integer");
        BDictionary noFiles = BDictionary.builder().put("name", "r").put("piece length", 16_384)
                .put("pieces", BString.of(new byte[0])).build();
        rejects(torrent(noFiles, b -> b), "info.files: missing");
        rejects(torrent(BDictionary.builder().put("name", "r").put("piece length", 16_384)
                .put("pieces", BString.of(new byte[0])).put("files", new BList(List.of())).build(), b -> b),
                "info.files: 0 files");
        rejects(torrent(BDictionary.builder().put("name", "r").put("piece length", 16_384)
                .put("pieces", BString.of(new byte[20])).put("files", BList.of(file(1))).build(), b -> b),
                "info.files[].path: empty");
        rejects(torrent(BDictionary.builder().put("name", "r").put("piece length", 16_384)
                .put("pieces", BString.of(new byte[20])).put("files", BList.of(new BInteger(3))).build(), b -> b),
                "info.files[]: not a dictionary");
        rejects("d4:name1:a4:name1:be".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "malformed bencode");
        rejects(new byte[0], "torrent: empty");
        rejects(new byte[Metainfo.MAX_TORRENT_SIZE + 1], "at most " + Metainfo.MAX_TORRENT_SIZE);
    }
}

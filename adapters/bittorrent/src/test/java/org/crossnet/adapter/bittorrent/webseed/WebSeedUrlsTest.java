package org.crossnet.adapter.bittorrent.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.crossnet.adapter.bittorrent.support.MultiFileTorrent;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.spi.torrent.Metainfo;
import org.junit.jupiter.api.Test;

/** BEP 19 URL forms and the ranged GETs that cover a piece. */
class WebSeedUrlsTest {
    private static final Metainfo SINGLE = TestTorrents.meta(TestTorrents.info("my file.bin",
            TestTorrents.data(5 * 1000, 1), 1024 * 2));

    @Test
    void singleFileUrlIsTheFileOrAFolderHoldingItUnderItsEncodedName() {
        assertThat(WebSeedUrls.of("http://h/x/file.bin", SINGLE).piece(0))
                .containsExactly(new WebSeedUrls.Range(URI.create("http://h/x/file.bin"), 0, 2048));
        assertThat(WebSeedUrls.of("https://h/x/", SINGLE).piece(2))
                .as("the last piece is short: 5000 - 4096").containsExactly(new WebSeedUrls.Range(
                        URI.create("https://h/x/my%20file.bin"), 4096, 904));
    }

    @Test
    void multiFilePiecesSpanFilesUnderUrlNamePathAndSkipEmptyFiles() {
        MultiFileTorrent t = new MultiFileTorrent("dir ü", List.of(
                new MultiFileTorrent.Entry(List.of("a.bin"), new byte[1500]),
                new MultiFileTorrent.Entry(List.of("empty"), new byte[0]),
                new MultiFileTorrent.Entry(List.of("sub", "b#1.bin"), new byte[3000])));
        Metainfo meta = TestTorrents.meta(t.info(2048));
        WebSeedUrls urls = WebSeedUrls.of("http://h/base", meta);
        String root = "http://h/base/dir%20%C3%BC/";
        assertThat(urls.piece(0)).containsExactly(
                new WebSeedUrls.Range(URI.create(root + "a.bin"), 0, 1500),
                new WebSeedUrls.Range(URI.create(root + "sub/b%231.bin"), 0, 548));
        assertThat(urls.piece(2)).as("bytes 4096..4499, the short last piece")
                .containsExactly(new WebSeedUrls.Range(URI.create(root + "sub/b%231.bin"), 2596, 404));
        assertThat(WebSeedUrls.of("http://h/base/", meta).piece(0)).isEqualTo(urls.piece(0));
    }

    @Test
    void nonHttpUrlsAndRangesOutsideTheTorrentAreRefused() {
        assertThatThrownBy(() -> WebSeedUrls.of("ftp://h/f", SINGLE)).isInstanceOf(WebSeedException.class)
                .hasMessage("url-list: ftp://h/f (expected: an http:// or https:// URL)");
        assertThatThrownBy(() -> WebSeedUrls.of("http://h/f", SINGLE).ranges(4000, 1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("range: 4000+1001 (expected: within the 5000 bytes of the torrent)");
    }
}

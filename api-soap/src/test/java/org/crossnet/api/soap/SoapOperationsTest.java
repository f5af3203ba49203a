package org.crossnet.api.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.crossnet.api.soap.wire.Content;
import org.crossnet.api.soap.wire.Event;
import org.crossnet.api.soap.wire.EventPage;
import org.crossnet.api.soap.wire.Info;
import org.crossnet.api.soap.wire.Links;
import org.crossnet.api.soap.wire.Network;
import org.crossnet.api.soap.wire.Query;
import org.crossnet.api.soap.wire.Search;
import org.crossnet.api.soap.wire.SearchResults;
import org.crossnet.api.soap.wire.Share;
import org.crossnet.api.soap.wire.Transfer;
import org.crossnet.engine.facade.AdapterState;
import org.crossnet.engine.facade.Operation;
import org.crossnet.engine.facade.SearchState;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferState;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Every operation family through a real JAX-WS client: arguments reach the facade typed, results come back whole. */
class SoapOperationsTest extends SoapEndpointTestBase {
    @Test
    void gatewayInfoCarriesLongsAndIsoTimes() throws Exception {
        when(service.gatewayInfo()).thenReturn(Fixtures.info());

        Info info = client().gatewayInfo();

        assertThat(info.getVersion()).isEqualTo("0.1.0");
        assertThat(info.getStartedAt()).isEqualTo("2026-11-25T18:00:00Z");
        assertThat(info.getNetworks()).isEqualTo(3);
        assertThat(info.getTransfers()).isEqualTo(2);
        assertThat(info.getShares()).isEqualTo(1);
        assertThat(info.getLastEventId()).isEqualTo(9_000_000_000L);
    }

    @Test
    void networkFamily() throws Exception {
        when(service.networkList()).thenReturn(List.of(
                Fixtures.network(Fixtures.BITTORRENT, true, AdapterState.RUNNING),
                Fixtures.network(Fixtures.EDONKEY, false, AdapterState.DISABLED)));
        when(service.networkStatus(Fixtures.EDONKEY))
                .thenReturn(Fixtures.network(Fixtures.EDONKEY, false, AdapterState.DISABLED));
        when(service.networkEnable(Fixtures.EDONKEY))
                .thenReturn(Fixtures.network(Fixtures.EDONKEY, true, AdapterState.STARTING));
        when(service.networkDisable(Fixtures.EDONKEY))
                .thenReturn(Fixtures.network(Fixtures.EDONKEY, false, AdapterState.STOPPING));
        when(service.networkRestart(Fixtures.EDONKEY))
                .thenReturn(Fixtures.network(Fixtures.EDONKEY, true, AdapterState.RUNNING));
        CrossnetGateway client = client();

        List<Network> list = client.networkList();
        assertThat(list).extracting(Network::getId).containsExactly("bittorrent", "edonkey");
        Network first = list.get(0);
        assertThat(first.getDisplayName()).isEqualTo("bittorrent network");
        assertThat(first.isEnabled()).isTrue();
        assertThat(first.getState()).isEqualTo("RUNNING");
        assertThat(first.getCapabilities()).containsExactly("SEARCH", "DOWNLOAD", "SERVER");
        assertThat(first.getDetail()).isNull();
        assertThat(client.networkStatus("edonkey").getState()).isEqualTo("DISABLED");
        assertThat(client.networkEnable("edonkey").getState()).isEqualTo("STARTING");
        assertThat(client.networkDisable("edonkey").getState()).isEqualTo("STOPPING");
        assertThat(client.networkRestart("edonkey").getState()).isEqualTo("RUNNING");
    }

    @Test
    void searchFamily() throws Exception {
        when(service.searchStart(any())).thenReturn(Fixtures.search(SearchState.RUNNING));
        when(service.searchResults(Fixtures.SEARCH, 0, 10)).thenReturn(Fixtures.results());
        when(service.searchStop(Fixtures.SEARCH)).thenReturn(Fixtures.search(SearchState.STOPPED));
        CrossnetGateway client = client();

        Search started = client.searchStart(new Query(List.of("ubuntu", "iso"), 1000L, null, "PROGRAM",
                List.of("gnutella", "edonkey")));
        SearchResults results = client.searchResults(Fixtures.SEARCH.toString(), 0, 10);
        Search stopped = client.searchStop(Fixtures.SEARCH.toString());

        ArgumentCaptor<SearchQuery> query = ArgumentCaptor.forClass(SearchQuery.class);
        verify(service).searchStart(query.capture());
        assertThat(query.getValue().keywords()).containsExactly("ubuntu", "iso");
        assertThat(query.getValue().minSize()).isEqualTo(1000L);
        assertThat(query.getValue().maxSize()).isEqualTo(Long.MAX_VALUE);
        assertThat(query.getValue().media()).isEqualTo(MediaType.PROGRAM);
        assertThat(query.getValue().networks()).containsExactlyInAnyOrder(Fixtures.GNUTELLA, Fixtures.EDONKEY);
        assertThat(started.getId()).isEqualTo(Fixtures.SEARCH.toString());
        assertThat(started.getKeywords()).containsExactly("ubuntu", "iso");
        assertThat(started.getState()).isEqualTo("RUNNING");
        assertThat(started.getRunning()).containsExactly("edonkey", "gnutella");
        assertThat(started.getFinished()).containsExactly("bittorrent");
        assertThat(started.getHits()).isEqualTo(2);
        assertThat(started.getStartedAt()).isEqualTo("2026-11-25T18:00:00Z");
        assertThat(results.getTotal()).isEqualTo(5);
        assertThat(results.getOffset()).isZero();
        assertThat(results.getSearch().getId()).isEqualTo(Fixtures.SEARCH.toString());
        assertThat(results.getHits()).singleElement().satisfies(hit -> {
            assertThat(hit.getIndex()).isZero();
            assertThat(hit.getName()).isEqualTo("ubuntu.iso");
            assertThat(hit.getSize()).isEqualTo(Fixtures.BIG);
            assertThat(hit.getNetworks()).containsExactly("bittorrent", "gnutella");
            assertThat(hit.getSources()).isEqualTo(7);
            assertContent(hit.getContent());
        });
        assertThat(stopped.getState()).isEqualTo("STOPPED");
    }

    @Test
    void searchStartWithOnlyKeywordsGetsTheDocumentedDefaults() throws Exception {
        when(service.searchStart(any())).thenReturn(Fixtures.search(SearchState.RUNNING));

        client().searchStart(new Query(List.of("ubuntu"), null, null, null, null));

        verify(service).searchStart(new SearchQuery(List.of("ubuntu"), 0, Long.MAX_VALUE, MediaType.ANY, Set.of()));
    }

    @Test
    void transferFamily() throws Exception {
        when(service.transferAddLink("magnet:?xt=urn:btih:abc")).thenReturn(Fixtures.transfer(TransferState.QUEUED));
        when(service.transferAddTorrent(Fixtures.TORRENT)).thenReturn(Fixtures.transfer(TransferState.CHECKING));
        when(service.transferAddHit(Fixtures.SEARCH, 3)).thenReturn(Fixtures.transfer(TransferState.DOWNLOADING));
        when(service.transferList()).thenReturn(List.of(Fixtures.transfer(TransferState.DOWNLOADING),
                Fixtures.transfer(TransferState.SEEDING)));
        when(service.transferGet(Fixtures.TRANSFER)).thenReturn(Fixtures.transfer(TransferState.DOWNLOADING));
        when(service.transferPause(Fixtures.TRANSFER)).thenReturn(Fixtures.transfer(TransferState.PAUSED));
        when(service.transferResume(Fixtures.TRANSFER)).thenReturn(Fixtures.transfer(TransferState.DOWNLOADING));
        when(service.transferLimit(Fixtures.TRANSFER, Fixtures.BIG + 1, 0)).thenReturn(
                Fixtures.transfer(TransferState.SEEDING));
        CrossnetGateway client = client();
        String id = Fixtures.TRANSFER.toString();

        assertThat(client.transferAddLink("magnet:?xt=urn:btih:abc").getState()).isEqualTo("QUEUED");
        assertThat(client.transferAddTorrent(Fixtures.TORRENT).getState()).isEqualTo("CHECKING");
        assertThat(client.transferAddHit(Fixtures.SEARCH.toString(), 3).getState()).isEqualTo("DOWNLOADING");
        assertThat(client.transferList()).extracting(Transfer::getState).containsExactly("DOWNLOADING", "SEEDING");
        Transfer transfer = client.transferGet(id);
        assertThat(client.transferPause(id).getState()).isEqualTo("PAUSED");
        assertThat(client.transferResume(id).getState()).isEqualTo("DOWNLOADING");
        Transfer limited = client.transferLimit(id, Fixtures.BIG + 1, 0);
        assertThat(limited.getState()).isEqualTo("SEEDING");
        assertThat(limited.getDownloadLimit()).isEqualTo(Fixtures.BIG + 1);
        assertThat(limited.getUploadLimit()).isZero();
        verify(service).transferLimit(Fixtures.TRANSFER, Fixtures.BIG + 1, 0);
        client.transferRemove(id, true);

        verify(service).transferRemove(Fixtures.TRANSFER, true);
        assertThat(transfer.getId()).isEqualTo(id);
        assertThat(transfer.getName()).isEqualTo("movie.mkv");
        assertThat(transfer.getBytesDone()).isEqualTo(Fixtures.BIG - 1);
        assertThat(transfer.getBytesVerified()).isEqualTo(Fixtures.BIG - 2);
        assertThat(transfer.getBytesTotal()).isEqualTo(Fixtures.BIG);
        assertThat(transfer.getDownloadRate()).isEqualTo(1_048_576L);
        assertThat(transfer.getUploadRate()).isZero();
        assertThat(transfer.getProgress()).isEqualTo((double) (Fixtures.BIG - 2) / Fixtures.BIG);
        assertThat(transfer.getSources()).extracting(s -> s.getNetwork() + ":" + s.getConnected() + "/" + s.getKnown())
                .containsExactly("bittorrent:3/12", "gnutella:1/4");
        assertThat(transfer.getDetail()).isNull();
        assertThat(transfer.getAddedAt()).isEqualTo("2026-11-25T18:05:30Z");
        assertContent(transfer.getContent());
        assertThat(transfer.getFiles()).extracting(f -> f.getPath() + " " + f.getLength() + " @" + f.getOffset() + " "
                + f.getBytesVerified()).containsExactly("movie.mkv 4999999900 @0 4999999898",
                "subs/en.srt 100 @4999999900 100");
        assertThat(transfer.getTrackers()).hasSize(2);
        assertThat(transfer.getTrackers().get(0)).satisfies(t -> {
            assertThat(t.getNetwork()).isEqualTo("bittorrent");
            assertThat(t.getUrl()).isEqualTo("http://tracker.example/announce");
            assertThat(t.getTier()).isZero();
            assertThat(t.getState()).isEqualTo("WORKING");
            assertThat(t.getLastAnnounce()).isEqualTo("2026-11-25T18:05:30Z");
            assertThat(t.getNextAnnounce()).isEqualTo("2026-11-25T18:20:30Z");
            assertThat(t.getPeers()).isEqualTo(40);
            assertThat(t.getSeeders()).isEqualTo(7);
            assertThat(t.getLeechers()).isEqualTo(33);
            assertThat(t.getError()).isNull();
        });
        assertThat(transfer.getTrackers().get(1)).satisfies(t -> {
            assertThat(t.getState()).isEqualTo("FAILED");
            assertThat(t.getLastAnnounce()).isNull();
            assertThat(t.getSeeders()).isEqualTo(-1);
            assertThat(t.getError()).isEqualTo("timed out");
        });
        assertThat(transfer.getDownloadLimit()).isEqualTo(Fixtures.BIG + 1);
        assertThat(transfer.getUploadLimit()).isZero();
    }

    @Test
    void transferLimitOverTheWireTakes64BitValuesAndTheFacadesFault() throws Exception {
        when(service.transferLimit(Fixtures.TRANSFER, -1, 5)).thenThrow(GatewayException.invalid("downloadLimit", -1,
                "bytes/second >= 0, 0 = no limit"));
        when(service.transferLimit(Fixtures.TRANSFER, 9_000_000_000L, 5)).thenReturn(
                Fixtures.transfer(TransferState.DOWNLOADING));

        String body = post(envelope("<gw:transferLimit><id>" + Fixtures.TRANSFER + "</id>"
                + "<downloadLimit>9000000000</downloadLimit><uploadLimit>5</uploadLimit></gw:transferLimit>")).body();
        assertThat(body).contains("transferLimitResponse", "<downloadLimit>5000000001</downloadLimit>",
                "<uploadLimit>0</uploadLimit>");
        verify(service).transferLimit(Fixtures.TRANSFER, 9_000_000_000L, 5);

        SoapFaultTest.assertFault(post(envelope("<gw:transferLimit><id>" + Fixtures.TRANSFER + "</id>"
                        + "<downloadLimit>-1</downloadLimit><uploadLimit>5</uploadLimit></gw:transferLimit>")),
                "Client", "downloadLimit: -1 (expected: bytes/second >= 0, 0 = no limit)",
                GatewayErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void shareFamily() throws Exception {
        when(service.shareAdd("/srv/share")).thenReturn(List.of(Fixtures.share(ShareState.HASHING)));
        when(service.shareList()).thenReturn(List.of(Fixtures.share(ShareState.READY),
                Fixtures.share(ShareState.FAILED)));
        when(service.shareGet(Fixtures.SHARE)).thenReturn(Fixtures.share(ShareState.READY));
        when(service.shareLinks(Fixtures.SHARE)).thenReturn(Fixtures.links());
        CrossnetGateway client = client();
        String id = Fixtures.SHARE.toString();

        Share hashing = client.shareAdd("/srv/share").get(0);
        List<Share> all = client.shareList();
        Share ready = client.shareGet(id);
        Links links = client.shareLinks(id);
        client.shareRemove(id);

        verify(service).shareRemove(Fixtures.SHARE);
        assertThat(hashing.getState()).isEqualTo("HASHING");
        assertThat(hashing.getContent()).isNull();
        assertThat(all).extracting(Share::getState).containsExactly("READY", "FAILED");
        assertThat(all.get(1).getDetail()).isEqualTo("unreadable");
        assertThat(ready.getId()).isEqualTo(id);
        assertThat(ready.getPath()).isEqualTo("/srv/share/movie.mkv");
        assertThat(ready.getName()).isEqualTo("movie.mkv");
        assertThat(ready.getSize()).isEqualTo(Fixtures.BIG);
        assertThat(ready.getBytesHashed()).isEqualTo(Fixtures.BIG);
        assertThat(ready.getDetail()).isNull();
        assertThat(ready.getAddedAt()).isEqualTo("2026-11-25T18:05:30Z");
        assertContent(ready.getContent());
        assertThat(links.getMagnet()).startsWith("magnet:?xt=urn:btih:");
        assertThat(links.getEd2k()).startsWith("ed2k://|file|movie.mkv|");
        assertThat(links.getTorrent()).containsExactly(Fixtures.TORRENT);
    }

    @Test
    void eventPollCarriesDataAsNamedFields() throws Exception {
        when(service.eventPoll(40L, 100, 2500L)).thenReturn(Fixtures.events());

        EventPage page = client().eventPoll(40L, 100, 2500L);

        assertThat(page.getNext()).isEqualTo(42L);
        assertThat(page.isGap()).isTrue();
        assertThat(page.getEvents()).extracting(Event::getId).containsExactly(41L, 42L);
        Event state = page.getEvents().get(0);
        assertThat(state.getType()).isEqualTo("transfer.state");
        assertThat(state.getAt()).isEqualTo("2026-11-25T18:00:00Z");
        assertThat(state.getData()).extracting(f -> f.getName() + "=" + f.getValue())
                .containsExactly("from=QUEUED", "to=DOWNLOADING", "transfer=" + Fixtures.TRANSFER);
        assertThat(page.getEvents().get(1).getData()).extracting(f -> f.getName() + "=" + f.getValue())
                .contains("content.size=5000000000", "content.btih=" + Fixtures.TWENTY.hex(),
                        "share=" + Fixtures.SHARE);
    }

    @Test
    void rawResponseUsesMemberNamesAndOmitsNullMembers() throws Exception {
        when(service.transferGet(Fixtures.TRANSFER)).thenReturn(Fixtures.transfer(TransferState.DOWNLOADING));

        String body = post(envelope("<gw:transferGet><id>" + Fixtures.TRANSFER + "</id></gw:transferGet>")).body();

        assertThat(body).contains("transferGetResponse", "<transfer><id>" + Fixtures.TRANSFER + "</id>",
                "<bytesTotal>5000000000</bytesTotal>", "<sha1>" + Fixtures.TWENTY.base32() + "</sha1>",
                "<btih>" + Fixtures.TWENTY.hex() + "</btih>", "<ed2k>" + Fixtures.SIXTEEN.hex() + "</ed2k>",
                "<sources><network>bittorrent</network><connected>3</connected><known>12</known></sources>",
                "<files><path>subs/en.srt</path><length>100</length><offset>4999999900</offset>"
                        + "<bytesVerified>100</bytesVerified></files>",
                "<trackers><network>bittorrent</network><url>udp://tracker.example:6969</url><tier>1</tier>"
                        + "<state>FAILED</state><peers>0</peers><seeders>-1</seeders><leechers>-1</leechers>"
                        + "<error>timed out</error></trackers>",
                "<downloadLimit>5000000001</downloadLimit><uploadLimit>0</uploadLimit></transfer>");
        // detail, aich and tth are null in the fixture: omitted, not nil.
        assertThat(body).doesNotContain("<detail", "<aich", "<tth", "nil");
    }

    @Test
    void listenerIsToldOperationDurationAndOutcome() throws Exception {
        when(service.transferList()).thenReturn(List.of());
        when(service.transferGet(any())).thenThrow(GatewayException.notFound("transfer",
                Fixtures.TRANSFER));
        CrossnetGateway client = client();

        client.transferList();
        try {
            client.transferGet(Fixtures.TRANSFER.toString());
        } catch (GatewayFault expected) {
            // the outcome is what this test looks at
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.calls().size() == 2);
        assertThat(listener.calls()).extracting(RecordingListener.Call::operation)
                .containsExactly(Operation.TRANSFER_LIST, Operation.TRANSFER_GET);
        assertThat(listener.calls()).extracting(RecordingListener.Call::error)
                .containsExactly(null, GatewayErrorCode.NOT_FOUND);
        assertThat(listener.calls()).allSatisfy(call -> assertThat(call.elapsed()).isPositive());
    }

    private static void assertContent(Content content) {
        assertThat(content.getSize()).isEqualTo(Fixtures.BIG);
        assertThat(content.getName()).isEqualTo("movie.mkv");
        assertThat(content.getSha1()).isEqualTo(Fixtures.TWENTY.base32());
        assertThat(content.getEd2k()).isEqualTo(Fixtures.SIXTEEN.hex());
        assertThat(content.getAich()).isNull();
        assertThat(content.getTth()).isNull();
        assertThat(content.getBtih()).isEqualTo(Fixtures.TWENTY.hex());
    }
}

package org.crossnet.api.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.crossnet.api.soap.wire.Content;
import org.crossnet.api.soap.wire.Event;
import org.crossnet.api.soap.wire.Query;
import org.crossnet.api.soap.wire.Transfer;
import org.crossnet.engine.facade.EventRecord;
import org.crossnet.engine.facade.Operation;
import org.crossnet.engine.facade.ShareLinks;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.TigerTreeRoot;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;
import org.junit.jupiter.api.Test;

/** The view-to-wire mapping and argument parsing, without a server. */
class WireMappingTest {
    @Test
    void contentUsesBase32AndHexPerHashKind() {
        Bytes twentyFour = Bytes.of(new byte[24]);
        ContentId id = new ContentId(ContentId.UNKNOWN_SIZE, null, null, null, new AichRoot(Fixtures.TWENTY),
                new TigerTreeRoot(twentyFour), null);

        Content content = WireMapping.content(id);

        assertThat(content.getSize()).isEqualTo(-1);
        assertThat(content.getName()).isNull();
        assertThat(content.getAich()).isEqualTo(Fixtures.TWENTY.base32());
        assertThat(content.getTth()).isEqualTo("A".repeat(39));
        assertThat(content.getSha1()).isNull();
        assertThat(content.getEd2k()).isNull();
        assertThat(content.getBtih()).isNull();
        assertThat(WireMapping.content(null)).isNull();
    }

    @Test
    void transferWithUnknownSizeAndNoSourcesKeepsNullsNull() {
        TransferStatus status = new TransferStatus(Fixtures.TRANSFER, null, null, TransferState.QUEUED, 0, 0,
                ContentId.UNKNOWN_SIZE, 0, 0, Map.of(), "waiting for metadata", null);

        Transfer transfer = WireMapping.transfer(status);

        assertThat(transfer.getName()).isNull();
        assertThat(transfer.getContent()).isNull();
        assertThat(transfer.getAddedAt()).isNull();
        assertThat(transfer.getBytesTotal()).isEqualTo(-1);
        assertThat(transfer.getProgress()).isZero();
        assertThat(transfer.getSources()).isEmpty();
        assertThat(transfer.getDetail()).isEqualTo("waiting for metadata");
        assertThat(transfer.getFiles()).isEmpty();
        assertThat(transfer.getTrackers()).isEmpty();
        assertThat(transfer.getDownloadLimit()).isZero();
        assertThat(transfer.getUploadLimit()).isZero();
    }

    @Test
    void shareLinksWithoutTorrentOmitIt() {
        assertThat(WireMapping.links(new ShareLinks("magnet:?x", null, null)).getTorrent()).isNull();
        assertThat(WireMapping.share(Fixtures.share(ShareState.HASHING)).getContent()).isNull();
    }

    @Test
    void eventDataIsSortedTextWithContentFlattened() {
        Event event = WireMapping.event(new EventRecord(7, Fixtures.STARTED,
                new GatewayEvent.TransferAdded(Fixtures.TRANSFER, "movie.mkv", Fixtures.content())));

        assertThat(event.getType()).isEqualTo("transfer.added");
        assertThat(event.getData()).extracting(f -> f.getName())
                .containsExactly("content.btih", "content.ed2k", "content.name", "content.sha1", "content.size",
                        "name", "transfer");
    }

    @Test
    void argumentsNameTheFieldAndTheExpectedForm() {
        assertInvalid(() -> Arguments.transfer("id", null),
                "id: null (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        assertInvalid(() -> Arguments.share("id", "1-1-1-1-1"),
                "id: 1-1-1-1-1 (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        assertInvalid(() -> Arguments.network("networks", "a"),
                "networks: a (expected: a network id matching [a-z][a-z0-9-]{1,31})");
        assertInvalid(() -> Arguments.query(new Query(List.of("x"), 10L, 5L, null, null)),
                "size range: 10..5 (expected: 0 <= minSize <= maxSize)");
        assertInvalid(() -> Arguments.query(new Query(List.of("x"), null, null, null, List.of("Bad!"))),
                "networks: Bad! (expected: a network id matching [a-z][a-z0-9-]{1,31})");
        assertInvalid(() -> Arguments.nonNegative("index", -3), "index: -3 (expected: >= 0)");
        assertThat(Arguments.transfer("id", "11111111-2222-3333-4444-555555555555")).isEqualTo(Fixtures.TRANSFER);
        assertThat(Arguments.query(new Query(List.of("a"), null, null, "AUDIO", List.of("gnutella"))).networks())
                .isEqualTo(Set.of(Fixtures.GNUTELLA));
    }

    @Test
    void everyOperationHasASoapMethodOnThePortType() {
        for (Operation operation : Operation.values()) {
            assertThat(SoapOperationInterceptor.operation(operation.soapName())).isEqualTo(operation);
            assertThat(List.of(CrossnetGateway.class.getMethods())).as(operation.soapName())
                    .anySatisfy(m -> assertThat(m.getName()).isEqualTo(operation.soapName()));
        }
        assertThat(SoapOperationInterceptor.operation("transferExplode")).isNull();
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}

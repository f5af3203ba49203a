package org.crossnet.api.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.net.http.HttpResponse;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.crossnet.api.soap.wire.Query;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Every error code becomes the documented SOAP fault; nothing else leaks into a fault. */
class SoapFaultTest extends SoapEndpointTestBase {
    private static final String GET_TRANSFER = envelope(
            "<gw:transferGet><id>" + Fixtures.TRANSFER + "</id></gw:transferGet>");

    @ParameterizedTest
    @EnumSource(value = GatewayErrorCode.class, mode = EnumSource.Mode.EXCLUDE, names = "INTERNAL")
    void everyCodeIsAFaultWithItsFaultcodeMessageAndDetail(GatewayErrorCode code) throws Exception {
        when(service.transferGet(Fixtures.TRANSFER))
                .thenThrow(new GatewayException(code, "transfer " + Fixtures.TRANSFER + ": " + code));

        HttpResponse<String> response = post(GET_TRANSFER);

        boolean server = code == GatewayErrorCode.UNAVAILABLE;
        assertFault(response, server ? "Server" : "Client", "transfer " + Fixtures.TRANSFER + ": " + code, code);
    }

    @Test
    void internalCodeIsAServerFaultWithoutItsMessage() throws Exception {
        when(service.transferGet(Fixtures.TRANSFER))
                .thenThrow(new GatewayException(GatewayErrorCode.INTERNAL, "db at /var/lib/crossnet/h2 broke"));

        HttpResponse<String> response = post(GET_TRANSFER);

        assertFault(response, "Server", "internal error", GatewayErrorCode.INTERNAL);
        assertThat(response.body()).doesNotContain("/var/lib", "h2");
    }

    @Test
    void unexpectedExceptionIsInternalWithoutMessageOrStackTrace() throws Exception {
        when(service.transferGet(any())).thenThrow(new IllegalStateException("secret /home/user/.token"));

        HttpResponse<String> response = post(GET_TRANSFER);

        assertFault(response, "Server", "internal error", GatewayErrorCode.INTERNAL);
        assertThat(response.body()).doesNotContain("secret", ".token", "IllegalStateException", "at org.",
                "stackTrace");
    }

    @Test
    void errorThrownByTheServiceIsInternalToo() throws Exception {
        when(service.transferList()).thenThrow(new StackOverflowError("deep inside"));

        HttpResponse<String> response = post(envelope("<gw:transferList/>"));

        assertFault(response, "Server", "internal error", GatewayErrorCode.INTERNAL);
        assertThat(response.body()).doesNotContain("deep inside", "StackOverflowError");
    }

    @Test
    void jaxWsClientReceivesTheFaultBean() {
        when(service.transferPause(Fixtures.TRANSFER))
                .thenThrow(new GatewayException(GatewayErrorCode.CONFLICT, "transfer: COMPLETED (expected: active)"));

        GatewayFault fault = catchThrowableOfType(GatewayFault.class,
                () -> client().transferPause(Fixtures.TRANSFER.toString()));

        assertThat(fault.getMessage()).isEqualTo("transfer: COMPLETED (expected: active)");
        assertThat(fault.getFaultInfo().getCode()).isEqualTo(102);
        assertThat(fault.getFaultInfo().getCodeName()).isEqualTo("CONFLICT");
        assertThat(fault.code()).isEqualTo(GatewayErrorCode.CONFLICT);
    }

    @Test
    void malformedIdIsRefusedBeforeTheFacade() throws Exception {
        HttpResponse<String> response = post(envelope("<gw:transferGet><id>../../etc</id></gw:transferGet>"));

        assertFault(response, "Client",
                "id: ../../etc (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)",
                GatewayErrorCode.INVALID_ARGUMENT);
        verifyNoInteractions(service);
    }

    @Test
    void badArgumentsOfEachKindAreRefusedPrecisely() {
        CrossnetGateway client = client();

        assertThat(message(() -> client.networkStatus("BitTorrent")))
                .isEqualTo("id: BitTorrent (expected: a network id matching [a-z][a-z0-9-]{1,31})");
        assertThat(message(() -> client.transferAddHit("nope", 0)))
                .isEqualTo("search: nope (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        assertThat(message(() -> client.searchResults(Fixtures.SEARCH.toString(), -1, 10)))
                .isEqualTo("offset: -1 (expected: >= 0)");
        assertThat(message(() -> client.transferAddLink(null)))
                .isEqualTo("link: null (expected: a magnet: URI or an ed2k:// file link)");
        assertThat(message(() -> client.transferAddTorrent(new byte[0])))
                .isEqualTo("torrent: 0 bytes (expected: the bytes of a .torrent file, base64-encoded)");
        assertThat(message(() -> client.shareAdd(" ")))
                .isEqualTo("path: \" \" (expected: an absolute path of a file or folder)");
        assertThat(message(() -> client.searchStart(null)))
                .isEqualTo("query: null (expected: a query with 1..16 keywords)");
        assertThat(message(() -> client.searchStart(new Query(
                List.of("x"), null, null, "MUSIC", null))))
                .isEqualTo("media: MUSIC (expected: ANY|AUDIO|VIDEO|IMAGE|DOCUMENT|ARCHIVE|PROGRAM|CD_IMAGE)");
        assertThat(message(() -> client.searchStart(new Query(
                List.of(), null, null, null, null))))
                .isEqualTo("keywords: 0 words (expected: 1..16 words)");
        verifyNoInteractions(service);
    }

    @Test
    void unknownOperationIsAClientFaultWithFixedText() throws Exception {
        HttpResponse<String> response = post(envelope("<gw:transferExplode/>"));

        assertFault(response, "Client", SoapFaultInterceptor.REFUSED_MESSAGE, GatewayErrorCode.INVALID_ARGUMENT);
        verifyNoInteractions(service);
    }

    private static String message(ThrowingCallable call) {
        GatewayFault fault = catchThrowableOfType(GatewayFault.class, call);
        assertThat(fault).as("a GatewayFault").isNotNull();
        assertThat(fault.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
        return fault.getMessage();
    }

    /** Checks a SOAP 1.1 fault: faultcode in the envelope namespace, faultstring, and the gatewayError detail. */
    static void assertFault(HttpResponse<String> response, String faultcode, String faultstring,
                            GatewayErrorCode code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        Document document = parse(response.body());
        Element fault = (Element) document.getElementsByTagNameNS(SOAP_ENV, "Fault").item(0);
        assertThat(fault).as(response.body()).isNotNull();
        String faultcodeText = fault.getElementsByTagName("faultcode").item(0).getTextContent();
        String prefix = faultcodeText.substring(0, faultcodeText.indexOf(':'));
        assertThat(faultcodeText.substring(prefix.length() + 1)).as(response.body()).isEqualTo(faultcode);
        assertThat(fault.lookupNamespaceURI(prefix)).isEqualTo(SOAP_ENV);
        assertThat(fault.getElementsByTagName("faultstring").item(0).getTextContent()).isEqualTo(faultstring);
        Element detail = (Element) fault.getElementsByTagName("detail").item(0);
        Element error = (Element) detail.getElementsByTagNameNS(CrossnetGateway.NAMESPACE, "gatewayError").item(0);
        assertThat(error).as(response.body()).isNotNull();
        assertThat(error.getElementsByTagName("code").item(0).getTextContent())
                .isEqualTo(Integer.toString(code.number()));
        assertThat(error.getElementsByTagName("codeName").item(0).getTextContent()).isEqualTo(code.name());
        assertThat(response.body()).doesNotContain("Exception", "at org.", "at java.");
    }
}

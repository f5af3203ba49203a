package org.crossnet.api.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.model.TransferState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile XML posted as raw HTTP: each is refused with a Client fault carrying the fixed text, never reaches the
 * facade, fetches nothing, and the endpoint keeps answering.
 */
class SoapAttackTest extends SoapEndpointTestBase {
    private static final String PROLOG_FREE_BODY = "<soap:Envelope xmlns:soap=\"" + SOAP_ENV + "\" xmlns:gw=\""
            + CrossnetGateway.NAMESPACE + "\"><soap:Body>";

    private HttpServer dtdServer;
    private final AtomicInteger dtdRequests = new AtomicInteger();

    @BeforeEach
    void startDtdServer() throws IOException {
        dtdServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dtdServer.createContext("/", exchange -> {
            dtdRequests.incrementAndGet();
            byte[] dtd = "<!ENTITY leak \"fetched\">".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, dtd.length);
            exchange.getResponseBody().write(dtd);
            exchange.close();
        });
        dtdServer.start();
    }

    @AfterEach
    void stopDtdServer() {
        dtdServer.stop(0);
    }

    @Test
    void externalDtdIsNeverFetched() throws Exception {
        String url = "http://127.0.0.1:" + dtdServer.getAddress().getPort() + "/evil.dtd";
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope SYSTEM \"" + url + "\">"
                + PROLOG_FREE_BODY + "<gw:transferAddLink><link>&leak;</link></gw:transferAddLink>"
                + "</soap:Body></soap:Envelope>";

        HttpResponse<String> response = post(xml);

        assertRefused(response);
        Thread.sleep(300);
        assertThat(dtdRequests).as("requests to the external DTD").hasValue(0);
        assertStillAnswering();
    }

    @Test
    void externalEntityFileIsNotRead() throws Exception {
        Path hostname = Path.of("/etc/hostname");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>"
                + PROLOG_FREE_BODY + "<gw:transferAddLink><link>&xxe;</link></gw:transferAddLink>"
                + "</soap:Body></soap:Envelope>";

        HttpResponse<String> response = post(xml);

        assertRefused(response);
        if (Files.isReadable(hostname)) {
            String secret = Files.readString(hostname).trim();
            if (!secret.isEmpty()) {
                assertThat(response.body()).doesNotContain(secret);
            }
        }
        assertStillAnswering();
    }

    @Test
    void billionLaughsIsRefusedQuickly() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        dtd.append("<!ENTITY lol1 \"").append("&lol;".repeat(10)).append("\">");
        for (int i = 2; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">");
        }
        dtd.append("]>");
        String xml = "<?xml version=\"1.0\"?>" + dtd + PROLOG_FREE_BODY
                + "<gw:transferAddLink><link>&lol9;</link></gw:transferAddLink></soap:Body></soap:Envelope>";

        long started = System.nanoTime();
        HttpResponse<String> response = post(xml);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertRefused(response);
        assertThat(response.body()).doesNotContain("lollol");
        assertThat(millis).as("ms to refuse").isLessThan(10_000);
        assertStillAnswering();
    }

    @Test
    void nestingBeyondTheDepthLimitIsRefused() throws Exception {
        assertRefused(post(withHeaderNesting(5_000)));
        assertStillAnswering();
    }

    @Test
    void nestingJustPastOneHundredIsRefusedWhileNinetyIsServed() throws Exception {
        when(service.transferList()).thenReturn(List.of());
        // An unknown header without mustUnderstand is read and ignored, so only the depth decides: Envelope, Header
        // and the header element are 3 levels, the limit is 100.
        assertThat(post(withHeaderNesting(90)).body()).contains("transferListResponse");

        HttpResponse<String> response = post(withHeaderNesting(98));

        SoapFaultTest.assertFault(response, "Client", SoapFaultInterceptor.REFUSED_MESSAGE,
                GatewayErrorCode.INVALID_ARGUMENT);
        verify(service).transferList();
    }

    @Test
    void malformedXmlIsRefused() throws Exception {
        for (String xml : List.of(
                PROLOG_FREE_BODY + "<gw:transferList>",
                PROLOG_FREE_BODY + "<gw:transferList></gw:transferGet></soap:Body></soap:Envelope>",
                "this is not xml",
                "<soap:Envelope xmlns:soap=\"" + SOAP_ENV + "\"><soap:Body><gw:transferList/></soap:Body>"
                        + "</soap:Envelope>",
                "")) {
            HttpResponse<String> response = post(xml);
            assertThat(response.statusCode()).as(xml).isEqualTo(500);
            SoapFaultTest.assertFault(response, "Client", SoapFaultInterceptor.REFUSED_MESSAGE,
                    GatewayErrorCode.INVALID_ARGUMENT);
        }
        verifyNoInteractions(service);
        assertStillAnswering();
    }

    @Test
    void serviceListPageIsHidden() throws Exception {
        HttpResponse<String> response = get("/soap/");

        assertThat(response.body()).doesNotContain("CrossnetGateway", "Available SOAP services");
    }

    /** A transferList request with {@code depth} elements nested in an unknown (ignorable) header. */
    private static String withHeaderNesting(int depth) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP_ENV + "\" xmlns:gw=\"" + CrossnetGateway.NAMESPACE + "\">"
                + "<soap:Header><x:deep xmlns:x=\"urn:example:deep\">" + "<a>".repeat(depth) + "x"
                + "</a>".repeat(depth) + "</x:deep></soap:Header><soap:Body><gw:transferList/></soap:Body>"
                + "</soap:Envelope>";
    }

    private void assertRefused(HttpResponse<String> response) throws Exception {
        SoapFaultTest.assertFault(response, "Client", SoapFaultInterceptor.REFUSED_MESSAGE,
                GatewayErrorCode.INVALID_ARGUMENT);
        assertThat(response.body()).doesNotContain("fetched", "lol", "Maximum", "XMLStream", "entity");
        verifyNoInteractions(service);
    }

    private void assertStillAnswering() throws Exception {
        when(service.transferList()).thenReturn(List.of(Fixtures.transfer(TransferState.PAUSED)));

        assertThat(client().transferList()).singleElement()
                .satisfies(t -> assertThat(t.getState()).isEqualTo("PAUSED"));
        verify(service).transferList();
    }
}

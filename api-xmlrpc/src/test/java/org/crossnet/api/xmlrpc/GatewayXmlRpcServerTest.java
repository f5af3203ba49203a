package org.crossnet.api.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The stream server's own guarantees, without Spring: buffered answers, configurable cap, safe faults. */
class GatewayXmlRpcServerTest {
    private static final String CALL = "<?xml version=\"1.0\"?><methodCall><methodName>m</methodName><params/>"
            + "</methodCall>";

    @Test
    void unencodableResultBecomesAFaultInsteadOfAnEmptyBody() throws Exception {
        XmlRpcHandlerMapping mapping = name -> request -> Map.of("id", UUID.randomUUID());
        MockHttpServletResponse response = serve(new GatewayXmlRpcServer(mapping, 4096), CALL);

        String body = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/xml");
        assertThat(response.getContentLength()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
        assertThat(body).contains("<fault>", "<i4>199</i4>",
                "INTERNAL: result could not be encoded").doesNotContain("UUID", "java.");
    }

    @Test
    void successfulAnswerCarriesItsLength() throws Exception {
        XmlRpcHandlerMapping mapping = name -> request -> Map.of("size", 5L << 30);
        MockHttpServletResponse response = serve(new GatewayXmlRpcServer(mapping, 4096), CALL);

        String body = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("<ex:i8>5368709120</ex:i8>").doesNotContain("fault");
        assertThat(response.getContentLength()).isEqualTo(body.length());
    }

    @Test
    void capComesFromTheConstructor() throws Exception {
        XmlRpcHandlerMapping mapping = name -> request -> "ok";
        GatewayXmlRpcServer server = new GatewayXmlRpcServer(mapping, 2048);
        String big = CALL.replace("<params/>", "<params><param><value>" + "x".repeat(2048)
                + "</value></param></params>");

        assertThat(serve(server, big).getContentAsString(StandardCharsets.UTF_8))
                .contains("<i4>106</i4>", "LIMIT_EXCEEDED: request body: " + big.length()
                        + " bytes (expected: at most 2048 bytes)");
        assertThat(serve(server, CALL).getContentAsString(StandardCharsets.UTF_8)).contains("<value>ok</value>");
        assertThatThrownBy(() -> new GatewayXmlRpcServer(mapping, 100))
                .hasMessage("maxRequestBytes: 100 (expected: >= 1024)");
    }

    private static MockHttpServletResponse serve(GatewayXmlRpcServer server, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/xmlrpc");
        request.setContentType("text/xml");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        server.serve(request, response);
        return response;
    }
}

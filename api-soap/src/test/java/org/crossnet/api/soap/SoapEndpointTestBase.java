package org.crossnet.api.soap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.crossnet.engine.facade.GatewayService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * Shared setup of the endpoint tests: one Boot app on a random port (the same declaration in every subclass, so the
 * context is built once), a Mockito {@link GatewayService} reset after each test, raw HTTP and JAX-WS clients.
 */
@SpringBootTest(classes = SoapTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class SoapEndpointTestBase {
    static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @MockitoBean
    GatewayService service;

    @Autowired
    RecordingListener listener;

    @BeforeEach
    void clearListener() {
        listener.clear();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port + "/soap/gateway";
    }

    CrossnetGateway client() {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(CrossnetGateway.class);
        factory.setAddress(endpoint());
        return (CrossnetGateway) factory.create();
    }

    /** A SOAP 1.1 envelope around {@code body}, with {@code gw} bound to the gateway namespace. */
    static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP_ENV + "\" xmlns:gw=\"" + CrossnetGateway.NAMESPACE + "\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    HttpResponse<String> post(String xml) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Parses a response with DTDs refused (the test must not be the weak point). */
    static Document parse(String xml) throws ParserConfigurationException, IOException, SAXException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}

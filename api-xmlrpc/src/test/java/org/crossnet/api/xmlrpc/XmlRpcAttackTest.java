package org.crossnet.api.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crossnet.api.xmlrpc.XmlRpcClients.assertFault;
import static org.crossnet.api.xmlrpc.XmlRpcClients.call;
import static org.crossnet.api.xmlrpc.XmlRpcClients.post;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.xmlrpc.XmlRpcException;
import org.crossnet.spi.error.GatewayErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hostile request bodies: each must come back as an XML-RPC fault (HTTP 200, text/xml), reach nothing behind the
 * parser (no facade call, no outbound fetch, no deserialization), and leave the gateway answering.
 */
@SpringBootTest(classes = XmlRpcTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class XmlRpcAttackTest {
    private static final String EX = "http://ws.apache.org/xmlrpc/namespaces/extensions";
    private static final int CAP = GatewayXmlRpcServer.DEFAULT_MAX_REQUEST_BYTES;

    @LocalServerPort
    int port;
    @Autowired
    FakeGateway gateway;

    private HttpServer dtdServer;
    private final AtomicInteger dtdRequests = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        gateway.reset();
        dtdServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dtdServer.createContext("/", exchange -> {
            dtdRequests.incrementAndGet();
            byte[] dtd = "<!ENTITY stolen \"fetched-from-attacker\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, dtd.length);
            exchange.getResponseBody().write(dtd);
            exchange.close();
        });
        dtdServer.start();
    }

    @AfterEach
    void gatewayStillAnswersAndNothingReachedTheFacade() throws XmlRpcException {
        dtdServer.stop(0);
        assertThat(gateway.calls).as("facade calls caused by the attack").isEmpty();
        Object info = XmlRpcClients.apache(port).execute("crossnet.gateway.info", new Object[0]);
        assertThat(info).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) info).get("version")).isEqualTo("0.1.0-test");
    }

    private String dtdUrl() {
        return "http://127.0.0.1:" + dtdServer.getAddress().getPort() + "/evil.dtd";
    }

    @Test
    void externalDtdIsNeverFetched() {
        String body = "<?xml version=\"1.0\"?>\n<!DOCTYPE methodCall SYSTEM \"" + dtdUrl() + "\">\n"
                + call("crossnet.transfer.addLink", "<string>&stolen;</string>").replaceFirst("<\\?xml[^>]*>\n", "");
        String fault = assertFault(post(port, body), GatewayErrorCode.INVALID_ARGUMENT);

        assertThat(fault).contains("without DOCTYPE").doesNotContain("fetched-from-attacker", "disallow");
        assertThat(dtdRequests).hasValue(0);
    }

    @Test
    void externalParameterEntityIsNeverFetched() {
        String body = "<?xml version=\"1.0\"?>\n<!DOCTYPE methodCall [<!ENTITY % remote SYSTEM \"" + dtdUrl()
                + "\"> %remote;]>\n" + call("crossnet.transfer.addLink", "<string>&stolen;</string>")
                .replaceFirst("<\\?xml[^>]*>\n", "");
        assertFault(post(port, body), GatewayErrorCode.INVALID_ARGUMENT);
        assertThat(dtdRequests).hasValue(0);
    }

    @Test
    void externalEntityCannotReadLocalFiles() throws IOException {
        String hostname = Files.readString(Path.of("/etc/hostname")).trim();
        String body = "<?xml version=\"1.0\"?>\n<!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n"
                + call("crossnet.transfer.addLink", "<string>magnet:?&xxe;</string>")
                .replaceFirst("<\\?xml[^>]*>\n", "");
        HttpResponse<String> response = post(port, body);
        assertFault(response, GatewayErrorCode.INVALID_ARGUMENT);
        assertThat(hostname).isNotEmpty();
        assertThat(response.body()).doesNotContain(hostname);
    }

    @Test
    void billionLaughsIsRefusedBeforeExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE methodCall [<!ENTITY lol0 \"lollollollollollollollollol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>\n");
        String body = "<?xml version=\"1.0\"?>\n" + dtd
                + call("crossnet.transfer.addLink", "<string>&lol9;</string>").replaceFirst("<\\?xml[^>]*>\n", "");
        long start = System.nanoTime();
        assertFault(post(port, body), GatewayErrorCode.INVALID_ARGUMENT);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse").isLessThan(5_000);
    }

    @Test
    void serializableExtensionIsRefusedWithoutDeserializing() throws IOException {
        Canary.TRIGGERED.set(false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Canary());
        }
        // The canary itself works: plain Java deserialization does trigger it.
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        assertThat(Canary.TRIGGERED).isTrue();
        Canary.TRIGGERED.set(false);

        String payload = Base64.getEncoder().encodeToString(bytes.toByteArray());
        String body = "<?xml version=\"1.0\"?>\n<methodCall xmlns:ex=\"" + EX + "\">"
                + "<methodName>crossnet.transfer.addLink</methodName><params><param><value><ex:serializable>" + payload
                + "</ex:serializable></value></param></params></methodCall>";
        String fault = assertFault(post(port, body), GatewayErrorCode.INVALID_ARGUMENT);

        assertThat(fault).isEqualTo("INVALID_ARGUMENT: value type: {" + EX + "}serializable (expected: "
                + RestrictedTypeFactory.ACCEPTED + ")");
        assertThat(Canary.TRIGGERED).isFalse();
    }

    @Test
    void otherExtensionTypesAreRefused() {
        for (String tag : new String[] {"dom", "bigdecimal", "biginteger", "float", "i1", "i2", "dateTime"}) {
            String body = "<?xml version=\"1.0\"?>\n<methodCall xmlns:ex=\"" + EX + "\"><methodName>"
                    + "crossnet.transfer.addLink</methodName><params><param><value><ex:" + tag + ">1</ex:" + tag
                    + "></value></param></params></methodCall>";
            assertThat(assertFault(post(port, body), GatewayErrorCode.INVALID_ARGUMENT))
                    .contains("value type: {" + EX + "}" + tag);
        }
    }

    @Test
    void oversizedBodyWithContentLengthIsRefused() {
        byte[] body = oversized();
        String fault = assertFault(post(port, HttpRequest.BodyPublishers.ofByteArray(body)),
                GatewayErrorCode.LIMIT_EXCEEDED);
        assertThat(fault).isEqualTo("LIMIT_EXCEEDED: request body: " + body.length + " bytes (expected: at most "
                + CAP + " bytes)");
    }

    @Test
    void oversizedChunkedBodyIsRefused() {
        byte[] body = oversized();
        // An input-stream publisher has no length: the body is sent chunked, and only the read cap can stop it.
        String fault = assertFault(post(port, HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body))), GatewayErrorCode.LIMIT_EXCEEDED);
        assertThat(fault).isEqualTo("LIMIT_EXCEEDED: request body: more than " + CAP + " bytes (expected: at most "
                + CAP + " bytes)");
    }

    @Test
    void bodyOfExactlyTheCapIsServed() {
        String close = "</string></value></param></params></methodCall>";
        String open = "<?xml version=\"1.0\"?>\n<methodCall><methodName>crossnet.transfer.addLink</methodName>"
                + "<params><param><value><string>magnet:?xt=";
        String body = open + "a".repeat(CAP - open.length() - close.length()) + close;
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(CAP);

        HttpResponse<String> response = post(port, body);

        assertThat(response.body()).contains("<name>state</name>").doesNotContain("fault");
        assertThat(gateway.calls).hasSize(1);
        // Not an attack: clear the call so the common after-check (no facade call) holds.
        gateway.reset();
    }

    @Test
    void malformedXmlIsAFault() {
        assertFault(post(port, "<?xml version=\"1.0\"?><methodCall><methodName>crossnet.gateway.info</methodName>"
                + "<params><param><value><string>x</value>"), GatewayErrorCode.INVALID_ARGUMENT);
        assertFault(post(port, "<methodResponse><params/></methodResponse>"), GatewayErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void nonXmlBodiesAreFaults() {
        assertFault(post(port, "{\"method\":\"crossnet.gateway.info\"}"), GatewayErrorCode.INVALID_ARGUMENT);
        assertFault(post(port, "hello"), GatewayErrorCode.INVALID_ARGUMENT);
        assertFault(post(port, ""), GatewayErrorCode.INVALID_ARGUMENT);
        assertFault(post(port, HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0x1f, (byte) 0x8b, 8, 0})),
                GatewayErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void deepNestingIsRefused() {
        int depth = 10_000;
        String value = "<array><data><value>".repeat(depth) + "<string>x</string>"
                + "</value></data></array>".repeat(depth);
        assertThat(assertFault(post(port, call("crossnet.transfer.addLink", value)),
                GatewayErrorCode.INVALID_ARGUMENT)).contains("not a well-formed XML-RPC methodCall");
    }

    /** A well-formed call padded past the cap. */
    private static byte[] oversized() {
        String body = call("crossnet.transfer.addLink", "<string>magnet:?" + "a".repeat(CAP) + "</string>");
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** Records whether Java deserialization ever ran on it. */
    static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean TRIGGERED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            TRIGGERED.set(true);
        }
    }
}

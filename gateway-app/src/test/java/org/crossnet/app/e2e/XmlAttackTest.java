package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.crossnet.spi.error.GatewayErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * Hostile XML sent WITH a valid token (so it reaches the parsers) to both XML endpoints of the running gateway,
 * {@code /soap/gateway} and {@code /xmlrpc}: each is answered with a fault in the endpoint's format, fetches nothing,
 * reads no local file, expands no entity, deserializes nothing, creates nothing, and the gateway keeps answering on
 * both endpoints.
 */
class XmlAttackTest extends RunningGatewayTest {
    private static final String EX = "http://ws.apache.org/xmlrpc/namespaces/extensions";
    private static final String LEAK = "fetched-from-attacker";
    private static final String SOAP_REFUSED = "request: refused by the SOAP layer (expected: a well-formed SOAP"
            + " envelope without DOCTYPE, at most 100 elements deep, for an operation of /soap/gateway?wsdl)";
    private static final int XMLRPC_CAP = 1_048_576;

    /** The two XML endpoints, each wrapping a transfer.addLink argument into its own request form. */
    enum Endpoint {
        SOAP("/soap/gateway") {
            @Override
            String call(String prolog, String argument) {
                return "<?xml version=\"1.0\"?>" + prolog + "<soap:Envelope"
                        + " xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:gw=\"urn:crossnet:gateway:v1\""
                        + " xmlns:ex=\"" + EX + "\"><soap:Body><gw:transferAddLink><link>" + argument
                        + "</link></gw:transferAddLink></soap:Body></soap:Envelope>";
            }

            @Override
            String serializable(String base64) {
                return call("", "<ex:serializable>" + base64 + "</ex:serializable>");
            }
        },
        XMLRPC("/xmlrpc") {
            @Override
            String call(String prolog, String argument) {
                return "<?xml version=\"1.0\"?>" + prolog + "<methodCall xmlns:ex=\"" + EX + "\"><methodName>"
                        + "crossnet.transfer.addLink</methodName><params><param><value><string>" + argument
                        + "</string></value></param></params></methodCall>";
            }

            @Override
            String serializable(String base64) {
                return "<?xml version=\"1.0\"?><methodCall xmlns:ex=\"" + EX + "\"><methodName>"
                        + "crossnet.transfer.addLink</methodName><params><param><value><ex:serializable>" + base64
                        + "</ex:serializable></value></param></params></methodCall>";
            }
        };

        final String path;

        Endpoint(String path) {
            this.path = path;
        }

        /** A transfer.addLink request with {@code prolog} (a DOCTYPE) before the root and {@code argument} as link. */
        abstract String call(String prolog, String argument);

        /** A request carrying Apache XML-RPC's Java-serialization extension type as the argument. */
        abstract String serializable(String base64);
    }

    /** The attacks; {@code dtdUrl} points at this test's listening server. */
    enum Attack {
        EXTERNAL_DTD {
            @Override
            String body(Endpoint endpoint, String dtdUrl) {
                return endpoint.call("<!DOCTYPE root SYSTEM \"" + dtdUrl + "\">", "magnet:?&stolen;");
            }
        },
        EXTERNAL_PARAMETER_ENTITY {
            @Override
            String body(Endpoint endpoint, String dtdUrl) {
                return endpoint.call("<!DOCTYPE root [<!ENTITY % remote SYSTEM \"" + dtdUrl + "\"> %remote;]>",
                        "magnet:?&stolen;");
            }
        },
        XXE_LOCAL_FILE {
            @Override
            String body(Endpoint endpoint, String dtdUrl) {
                return endpoint.call("<!DOCTYPE root [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>",
                        "magnet:?xt=urn:btih:&xxe;");
            }
        },
        BILLION_LAUGHS {
            @Override
            String body(Endpoint endpoint, String dtdUrl) {
                StringBuilder dtd = new StringBuilder("<!DOCTYPE root [<!ENTITY lol0 \"lollollollollollollollollol\">");
                for (int i = 1; i < 10; i++) {
                    dtd.append("<!ENTITY lol").append(i).append(" \"")
                            .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
                }
                return endpoint.call(dtd.append("]>").toString(), "&lol9;");
            }
        },
        DEEP_NESTING {
            @Override
            String body(Endpoint endpoint, String dtdUrl) {
                int depth = 5_000;
                return endpoint.call("", "<a>".repeat(depth) + "x" + "</a>".repeat(depth));
            }
        },
        SERIALIZABLE {
            @Override
            String body(Endpoint endpoint, String dtdUrl) {
                return endpoint.serializable(Base64.getEncoder().encodeToString(Canary.serialized()));
            }
        },
        OVERSIZED {
            @Override
            String body(Endpoint endpoint, String dtdUrl) {
                return endpoint.call("", "magnet:?xt=urn:btih:" + "a".repeat(2 * XMLRPC_CAP));
            }
        };

        abstract String body(Endpoint endpoint, String dtdUrl);
    }

    private HttpServer dtdServer;
    private final AtomicInteger dtdRequests = new AtomicInteger();

    @BeforeEach
    void startDtdServer() throws IOException {
        dtdServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dtdServer.createContext("/", exchange -> {
            dtdRequests.incrementAndGet();
            byte[] dtd = ("<!ENTITY stolen \"" + LEAK + "\">").getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, dtd.length);
            exchange.getResponseBody().write(dtd);
            exchange.close();
        });
        dtdServer.start();
        Canary.TRIGGERED.set(false);
    }

    @AfterEach
    void stopDtdServer() {
        dtdServer.stop(0);
    }

    static Stream<Arguments> attacks() {
        return Stream.of(Attack.values()).flatMap(attack -> Stream.of(Endpoint.values())
                .map(endpoint -> Arguments.of(endpoint, attack)));
    }

    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("attacks")
    void refusedWithAFaultAndTheGatewayKeepsAnswering(Endpoint endpoint, Attack attack) throws Exception {
        int transfersBefore = rest().transferList().size();
        String dtdUrl = "http://127.0.0.1:" + dtdServer.getAddress().getPort() + "/evil.dtd";

        long started = System.nanoTime();
        HttpResponse<String> response = post(endpoint, attack.body(endpoint, dtdUrl));
        long millis = (System.nanoTime() - started) / 1_000_000;

        Document fault = XmlDocuments.parse(response.body());
        if (endpoint == Endpoint.SOAP && attack == Attack.OVERSIZED) {
            // refused by the app's SOAP body cap before CXF reads anything
            assertThat(response.statusCode()).as("status, body %s", response.body()).isEqualTo(413);
            assertThat(XmlDocuments.soapFault(fault, "faultcode")).endsWith(":Client");
            assertThat(XmlDocuments.soapGatewayError(fault, "code"))
                    .isEqualTo(Integer.toString(GatewayErrorCode.LIMIT_EXCEEDED.number()));
            assertThat(XmlDocuments.soapFault(fault, "faultstring")).startsWith("request body: ");
        } else if (endpoint == Endpoint.SOAP) {
            assertThat(response.statusCode()).as("status, body %s", response.body()).isEqualTo(500);
            assertThat(XmlDocuments.soapFault(fault, "faultcode")).endsWith(":Client");
            assertThat(XmlDocuments.soapGatewayError(fault, "code")).isEqualTo("100");
            if (attack != Attack.SERIALIZABLE) {
                assertThat(XmlDocuments.soapFault(fault, "faultstring")).isEqualTo(SOAP_REFUSED);
            }
        } else {
            assertThat(response.statusCode()).as("status, body %s", response.body()).isEqualTo(200);
            GatewayErrorCode code = attack == Attack.OVERSIZED ? GatewayErrorCode.LIMIT_EXCEEDED
                    : GatewayErrorCode.INVALID_ARGUMENT;
            assertThat(XmlDocuments.xmlRpcFault(fault, "faultCode")).isEqualTo(Integer.toString(code.number()));
            assertThat(XmlDocuments.xmlRpcFault(fault, "faultString")).startsWith(code.name() + ": ");
        }
        Thread.sleep(200); // a fetch started by the parser would have arrived by now
        assertThat(dtdRequests).as("requests to the attacker's DTD server").hasValue(0);
        assertThat(Canary.TRIGGERED).as("Java deserialization of the payload").isFalse();
        assertThat(response.body()).doesNotContain(LEAK, "lollol", "Exception", "at org.", "SAX", "XMLStream");
        String hostname = Files.readString(Path.of("/etc/hostname")).trim();
        assertThat(hostname).isNotEmpty();
        assertThat(response.body()).doesNotContain(hostname);
        assertThat(millis).as("ms to refuse").isLessThan(10_000);

        assertThat(rest().transferList()).as("transfers after the attack").hasSize(transfersBefore);
        for (Endpoint other : Endpoint.values()) {
            assertStillAnswering(other);
        }
    }

    @org.junit.jupiter.api.Test
    void aChunkedSoapBodyPastTheCapIsCutOff() {
        int transfersBefore = rest().transferList().size();
        byte[] body = Endpoint.SOAP.call("", "magnet:?xt=urn:btih:" + "a".repeat(2 * GatewayFixture.SOAP_CAP))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri(Endpoint.SOAP.path))
                .header("X-Crossnet-Token", token.value())
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                // no length known up front: sent chunked, so only the read cap can stop it
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = rest().send(request);
        assertThat(response.statusCode()).as("status, body %s", response.body()).isIn(413, 500);
        Document fault = XmlDocuments.parse(response.body());
        assertThat(XmlDocuments.soapFault(fault, "faultcode")).endsWith(":Client");
        assertThat(response.body()).doesNotContain("Exception", "at org.");
        assertThat(rest().transferList()).hasSize(transfersBefore);
        assertStillAnswering(Endpoint.SOAP);
    }

    private void assertStillAnswering(Endpoint endpoint) {
        String body = endpoint == Endpoint.SOAP
                ? "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:gw=\"urn:crossnet:"
                        + "gateway:v1\"><soap:Body><gw:gatewayInfo/></soap:Body></soap:Envelope>"
                : "<?xml version=\"1.0\"?><methodCall><methodName>crossnet.gateway.info</methodName><params/>"
                        + "</methodCall>";
        HttpResponse<String> response = post(endpoint, body);
        assertThat(response.statusCode()).as("%s after the attack: %s", endpoint, response.body()).isEqualTo(200);
        Document answer = XmlDocuments.parse(response.body());
        String version = endpoint == Endpoint.SOAP
                ? XmlDocuments.text(answer, "//*[local-name()='gatewayInfoResponse']/info/version")
                : XmlDocuments.text(answer, "/methodResponse/params/param/value/struct/member[name='version']/value");
        assertThat(version.trim()).as("%s gateway.info version", endpoint).isNotBlank();
    }

    private HttpResponse<String> post(Endpoint endpoint, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(endpoint.path))
                .header("X-Crossnet-Token", token.value())
                .header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (endpoint == Endpoint.SOAP) {
            request.header("SOAPAction", "\"\"");
        }
        return rest().send(request.build());
    }

    /** Records whether Java deserialization ever ran on it; it runs in the gateway's JVM, so it would notice. */
    static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean TRIGGERED = new AtomicBoolean();

        static byte[] serialized() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(new Canary());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            TRIGGERED.set(true);
        }
    }

    /** The canary is live: plain Java deserialization does trip it (so its silence above means something). */
    @org.junit.jupiter.api.Test
    void canaryTripsOnPlainDeserialization() throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Canary.serialized()))) {
            in.readObject();
        }
        assertThat(Canary.TRIGGERED).isTrue();
    }
}

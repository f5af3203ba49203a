package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.crossnet.spi.error.GatewayErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/**
 * Every API path of the running gateway refuses requests without the right token with 401 and the stable
 * UNAUTHENTICATED code (105) in the format of the API asked; the same requests with the token get through.
 */
class UnauthenticatedRequestTest extends RunningGatewayTest {
    private static final String SOAP_ENVELOPE = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:gw=\"urn:crossnet:gateway:v1\"><soap:Body><gw:gatewayInfo/></soap:Body></soap:Envelope>";
    private static final String XMLRPC_CALL = "<?xml version=\"1.0\"?><methodCall><methodName>crossnet.gateway.info"
            + "</methodName><params/></methodCall>";

    /** The kinds of answer, by the API a path belongs to. */
    enum Api { REST, SOAP, XMLRPC }

    /** A request to one path, without any credentials yet. */
    record Target(String name, Api api, String path, String method, String contentType, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A way of presenting (bad) credentials. */
    record Credentials(String name, UnaryOperator<HttpRequest.Builder> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Target> targets() {
        return List.of(
                new Target("GET /api/v1/gateway", Api.REST, "/api/v1/gateway", "GET", null, null),
                new Target("GET /api/v1/networks", Api.REST, "/api/v1/networks", "GET", null, null),
                new Target("GET /api/v1/transfers", Api.REST, "/api/v1/transfers", "GET", null, null),
                new Target("POST /api/v1/searches", Api.REST, "/api/v1/searches", "POST", "application/json",
                        "{\"keywords\":[\"auth-probe\"]}"),
                new Target("GET /api/v1/events", Api.REST, "/api/v1/events?after=0&limit=1&wait=0", "GET", null, null),
                new Target("GET /v3/api-docs", Api.REST, "/v3/api-docs", "GET", null, null),
                new Target("GET /soap/gateway?wsdl", Api.SOAP, "/soap/gateway?wsdl", "GET", null, null),
                new Target("POST /soap/gateway", Api.SOAP, "/soap/gateway", "POST", "text/xml; charset=UTF-8",
                        SOAP_ENVELOPE),
                new Target("POST /xmlrpc", Api.XMLRPC, "/xmlrpc", "POST", "text/xml", XMLRPC_CALL));
    }

    static List<Credentials> badCredentials() {
        String wrong = "w".repeat(43);
        return List.of(
                new Credentials("no token", b -> b),
                new Credentials("wrong Bearer", b -> b.header("Authorization", "Bearer " + wrong)),
                new Credentials("empty Bearer", b -> b.header("Authorization", "Bearer ")),
                new Credentials("wrong X-Crossnet-Token", b -> b.header("X-Crossnet-Token", wrong)),
                new Credentials("wrong Basic password", b -> b.header("Authorization", basic("crossnet:" + wrong))),
                new Credentials("malformed Basic (not base64)", b -> b.header("Authorization", "Basic %%%not-base64")),
                new Credentials("malformed Basic (no colon)", b -> b.header("Authorization", basic("only-a-name"))),
                new Credentials("unknown scheme", b -> b.header("Authorization", "Digest username=\"crossnet\"")));
    }

    static Stream<Arguments> refusals() {
        return targets().stream().flatMap(t -> badCredentials().stream().map(c -> Arguments.of(t, c)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("refusals")
    void refusedWith401InTheApisOwnErrorFormat(Target target, Credentials credentials) {
        HttpResponse<String> response = send(target, credentials.apply());

        assertThat(response.statusCode()).as("status, body %s", response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("Bearer", "Basic"));
        int code = GatewayErrorCode.UNAUTHENTICATED.number();
        assertThat(code).isEqualTo(105);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        switch (target.api()) {
            case REST -> {
                assertThat(contentType).startsWith("application/problem+json");
                JsonNode problem = RestOps.JSON.readTree(response.body());
                assertThat(problem.get("status").asInt()).isEqualTo(401);
                assertThat(problem.get("code").asInt()).isEqualTo(code);
                assertThat(problem.get("codeName").asString()).isEqualTo("UNAUTHENTICATED");
                assertThat(problem.get("type").asString()).isEqualTo("urn:crossnet:error:UNAUTHENTICATED");
            }
            case SOAP -> {
                assertThat(contentType).startsWith("text/xml");
                Document fault = XmlDocuments.parse(response.body());
                assertThat(XmlDocuments.soapFault(fault, "faultcode")).endsWith(":Client");
                assertThat(XmlDocuments.soapFault(fault, "faultstring")).contains("API token");
                assertThat(XmlDocuments.soapGatewayError(fault, "code")).isEqualTo(Integer.toString(code));
                assertThat(XmlDocuments.soapGatewayError(fault, "codeName")).isEqualTo("UNAUTHENTICATED");
            }
            case XMLRPC -> {
                assertThat(contentType).startsWith("text/xml");
                Document fault = XmlDocuments.parse(response.body());
                assertThat(XmlDocuments.xmlRpcFault(fault, "faultCode")).isEqualTo(Integer.toString(code));
                assertThat(XmlDocuments.xmlRpcFault(fault, "faultString")).startsWith("UNAUTHENTICATED: ");
            }
            default -> throw new IllegalStateException("api: " + target.api());
        }
        assertThat(response.body()).doesNotContain(token.value());
    }

    static Stream<Arguments> acceptances() {
        return targets().stream().flatMap(t -> Stream.of(
                Arguments.of(t, "Bearer"), Arguments.of(t, "Basic"), Arguments.of(t, "X-Crossnet-Token")));
    }

    /** The control: each refused request is served once the token is presented in any of the three ways. */
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("acceptances")
    void servedWithTheToken(Target target, String how) {
        UnaryOperator<HttpRequest.Builder> credentials = switch (how) {
            case "Bearer" -> b -> b.header("Authorization", "Bearer " + token.value());
            case "Basic" -> b -> b.header("Authorization", basic("anyone:" + token.value()));
            default -> b -> b.header("X-Crossnet-Token", token.value());
        };

        HttpResponse<String> response = send(target, credentials);

        assertThat(response.statusCode()).as("status, body %s", response.body()).isIn(200, 201);
        assertThat(response.body()).doesNotContain("UNAUTHENTICATED").isNotBlank();
    }

    private HttpResponse<String> send(Target target, UnaryOperator<HttpRequest.Builder> credentials) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(target.path()));
        if (target.body() == null) {
            builder.method(target.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", target.contentType())
                    .method(target.method(), HttpRequest.BodyPublishers.ofString(target.body()));
        }
        if (target.api() == Api.SOAP && target.body() != null) {
            builder.header("SOAPAction", "\"\"");
        }
        return new RestOps(uri(""), token.value()).send(credentials.apply(builder).build());
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}

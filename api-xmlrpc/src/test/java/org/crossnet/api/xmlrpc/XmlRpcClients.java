package org.crossnet.api.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.crossnet.spi.error.GatewayErrorCode;

/** Ways to talk to the endpoint in tests: the Apache XML-RPC client, and raw HTTP for hostile bodies. */
final class XmlRpcClients {
    private static final Pattern FAULT_CODE = Pattern.compile(
            "<name>faultCode</name>\\s*<value>\\s*<(?:i4|int)>(-?\\d+)</(?:i4|int)>");
    private static final Pattern FAULT_STRING = Pattern.compile(
            "<name>faultString</name>\\s*<value>(?:<string>)?([^<]*)(?:</string>)?</value>");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private XmlRpcClients() {
    }

    static URI endpoint(int port) {
        return URI.create("http://127.0.0.1:" + port + "/xmlrpc");
    }

    /** An Apache client with extensions on (for i8) and the restricted type factory (no ex:serializable). */
    static XmlRpcClient apache(int port) {
        try {
            XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
            config.setServerURL(new URL(endpoint(port).toString()));
            config.setEnabledForExtensions(true);
            config.setReplyTimeout(20_000);
            XmlRpcClient client = new XmlRpcClient();
            client.setConfig(config);
            client.setTypeFactory(new RestrictedTypeFactory(client));
            return client;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls a method and expects a fault with this code; returns the fault string. */
    static String fault(XmlRpcClient client, GatewayErrorCode code, String method, Object... params) {
        XmlRpcException e = catchThrowableOfType(XmlRpcException.class, () -> client.execute(method, params));
        assertThat(e).as("fault from %s", method).isNotNull();
        assertThat(e.code).as("faultCode of %s: %s", method, e.getMessage()).isEqualTo(code.number());
        assertThat(e.getMessage()).startsWith(code.name() + ": ");
        return e.getMessage();
    }

    static HttpResponse<String> post(int port, String body) {
        return post(port, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(int port, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint(port)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml").POST(body).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts an HTTP 200 XML-RPC fault with this code and returns its fault string. */
    static String assertFault(HttpResponse<String> response, GatewayErrorCode code) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/xml"));
        String body = response.body();
        Matcher codeMatch = FAULT_CODE.matcher(body);
        assertThat(codeMatch.find()).as("fault code in %s", body).isTrue();
        assertThat(Integer.parseInt(codeMatch.group(1))).as(body).isEqualTo(code.number());
        Matcher text = FAULT_STRING.matcher(body);
        assertThat(text.find()).as("fault string in %s", body).isTrue();
        assertThat(text.group(1)).startsWith(code.name() + ": ");
        return text.group(1);
    }

    /** A methodCall document with one raw value as its only parameter. */
    static String call(String method, String... rawValues) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String value : rawValues) {
            sb.append("<param><value>").append(value).append("</value></param>");
        }
        return sb.append("</params></methodCall>").toString();
    }
}

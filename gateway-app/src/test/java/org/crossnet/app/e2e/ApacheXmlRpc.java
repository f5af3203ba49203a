package org.crossnet.app.e2e;

import java.net.MalformedURLException;
import java.net.URI;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.crossnet.api.xmlrpc.RestrictedTypeFactory;
import tools.jackson.databind.JsonNode;

/**
 * The XML-RPC API through the Apache XML-RPC client, as docs/api-xmlrpc.md tells Java clients to set it up:
 * extensions on (for {@code <ex:i8>}) with the restricted type factory, the token as the HTTP Basic password.
 */
final class ApacheXmlRpc {
    private final XmlRpcClient client = new XmlRpcClient();

    ApacheXmlRpc(URI endpoint, String token) {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        try {
            config.setServerURL(endpoint.toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: an http URL)", e);
        }
        config.setEnabledForExtensions(true);
        config.setBasicUserName("crossnet");
        config.setBasicPassword(token);
        config.setConnectionTimeout(5_000);
        config.setReplyTimeout(30_000);
        client.setConfig(config);
        client.setTypeFactory(new RestrictedTypeFactory(client));
    }

    /** Calls {@code crossnet.<operation>} and returns the result as a JSON tree; a fault fails the test. */
    JsonNode call(String operation, Object... args) {
        try {
            return RestOps.JSON.valueToTree(client.execute("crossnet." + operation, args));
        } catch (XmlRpcException e) {
            throw new AssertionError("XML-RPC fault " + e.code + " from crossnet." + operation + ": " + e.getMessage(),
                    e);
        }
    }

    /** Calls {@code crossnet.<operation>} expecting a fault, and returns it. */
    XmlRpcException fault(String operation, Object... args) {
        try {
            Object result = client.execute("crossnet." + operation, args);
            throw new AssertionError("crossnet." + operation + " answered " + result + " (expected: a fault)");
        } catch (XmlRpcException e) {
            return e;
        }
    }
}

package org.crossnet.api.xmlrpc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /xmlrpc}: hands the raw request and response streams to the XML-RPC server. Any body is accepted
 * whatever its content type, so that a non-XML body gets an XML-RPC fault rather than HTTP 415. Defined as a bean
 * by {@link XmlRpcApiConfiguration}; not meant to be found by component scanning. Thread-safe.
 */
@RestController
public final class XmlRpcEndpoint {
    /** The path XML-RPC clients post to. */
    public static final String PATH = "/xmlrpc";

    private final GatewayXmlRpcServer server;

    XmlRpcEndpoint(GatewayXmlRpcServer server) {
        this.server = server;
    }

    @PostMapping(PATH)
    public void call(HttpServletRequest request, HttpServletResponse response) {
        server.serve(request, response);
    }
}

package org.crossnet.api.xmlrpc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.XmlRpcRequestConfig;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.server.XmlRpcErrorLogger;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.server.XmlRpcStreamServer;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Apache XML-RPC's transport-neutral stream server, run over one servlet request and response, with the stock
 * server's weak spots closed:
 * <ul>
 *   <li>the body is capped before parsing ({@link GatewayErrorCode#LIMIT_EXCEEDED}); Tomcat's maxPostSize does not
 *       cover a raw input stream;</li>
 *   <li>XML is parsed with DOCTYPE declarations refused outright (no external DTD fetch, no XXE, no entity
 *       bombs), secure processing on and an element-depth limit;</li>
 *   <li>values go through {@link RestrictedTypeFactory} (i8 and nil only among the extensions);</li>
 *   <li>the response is serialized into a buffer first, so a serialization failure becomes a fault rather than
 *       HTTP 200 with an empty body;</li>
 *   <li>faults read {@code CODE_NAME: detail} with the code's number as faultCode, and never carry exception
 *       internals or parser messages; client faults are logged at DEBUG without stack traces.</li>
 * </ul>
 * Thread-safe: per-request state lives in the request config and the connection.
 */
final class GatewayXmlRpcServer extends XmlRpcStreamServer {
    /** The default body cap: 1 MiB, ample for a .torrent file in base64. */
    static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    /** Deepest element nesting accepted; a search.start call needs about a dozen levels. */
    static final int MAX_ELEMENT_DEPTH = 64;

    private static final String MAX_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayXmlRpcServer.class);
    private static final String MALFORMED = "request: not a well-formed XML-RPC methodCall (expected: an XML "
            + "document without DOCTYPE, with methodName and params of types " + RestrictedTypeFactory.ACCEPTED
            + ")";
    private static final ErrorHandler STRICT_ERRORS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // Warnings do not make a request invalid; the JDK would otherwise print them to stderr.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final int maxRequestBytes;
    private final SAXParserFactory parsers;

    GatewayXmlRpcServer(XmlRpcHandlerMapping methods, int maxRequestBytes) {
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes: " + maxRequestBytes + " (expected: >= 1024)");
        }
        this.maxRequestBytes = maxRequestBytes;
        this.parsers = hardenedParsers();
        XmlRpcServerConfigImpl config = new XmlRpcServerConfigImpl();
        config.setEnabledForExtensions(true);
        config.setEnabledForExceptions(false);
        setConfig(config);
        setTypeFactory(new RestrictedTypeFactory(this));
        setHandlerMapping(methods);
        setErrorLogger(new FaultLogger());
    }

    int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** Answers one call; always writes an XML-RPC response unless the client has gone away. */
    void serve(HttpServletRequest request, HttpServletResponse response) {
        try {
            execute(requestConfig(), new ServletConnection(request, response, maxRequestBytes));
        } catch (XmlRpcException e) {
            // Only writing the buffered answer can fail here: the client closed the connection.
            LOG.debug("XML-RPC response not delivered: {}", e.getMessage());
        }
    }

    private static XmlRpcHttpRequestConfigImpl requestConfig() {
        XmlRpcHttpRequestConfigImpl config = new XmlRpcHttpRequestConfigImpl();
        config.setEnabledForExtensions(true);
        // No Java-serialized exceptions in faults, and no gzip (a compressed body would bypass the size cap).
        config.setEnabledForExceptions(false);
        config.setGzipCompressing(false);
        config.setGzipRequesting(false);
        config.setEncoding(StandardCharsets.UTF_8.name());
        return config;
    }

    @Override
    protected XmlRpcRequest getRequest(XmlRpcStreamRequestConfig config, InputStream body) throws XmlRpcException {
        XmlRpcRequestParser handler = new XmlRpcRequestParser(config, getTypeFactory());
        try {
            SAXParser parser = parsers.newSAXParser();
            parser.setProperty(MAX_DEPTH_PROPERTY, MAX_ELEMENT_DEPTH);
            XMLReader reader = parser.getXMLReader();
            reader.setErrorHandler(STRICT_ERRORS);
            reader.setContentHandler(handler);
            reader.parse(new InputSource(body));
        } catch (SAXException e) {
            if (e.getException() instanceof GatewayException) {
                throw (GatewayException) e.getException();
            }
            // The parser's text stays in the log: it is for operators, not for clients.
            LOG.debug("XML-RPC request refused by the parser: {}", e.getMessage());
            throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT, MALFORMED);
        } catch (IOException e) {
            throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT, MALFORMED);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("hardened SAX parser unavailable", e);
        }
        @SuppressWarnings("unchecked")
        List<Object> params = handler.getParams() == null ? List.of() : handler.getParams();
        return new ParsedCall(config, handler.getMethodName(), params);
    }

    @Override
    protected void writeResponse(XmlRpcStreamRequestConfig config, OutputStream out, Object result)
            throws XmlRpcException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            super.writeResponse(config, buffer, result);
        } catch (XmlRpcException | RuntimeException e) {
            LOG.error("XML-RPC result could not be encoded", e);
            writeError(config, out, new GatewayException(GatewayErrorCode.INTERNAL, "result could not be encoded"));
            return;
        }
        try {
            buffer.writeTo(out);
        } catch (IOException e) {
            throw new XmlRpcException("response not written", e);
        }
    }

    @Override
    protected void writeError(XmlRpcStreamRequestConfig config, OutputStream out, Throwable error)
            throws XmlRpcException {
        Fault fault = Fault.of(error);
        try {
            // The three-argument form never attaches the exception; the config refuses it too.
            getXmlRpcWriter(config, out).write(config, fault.code(), fault.text());
        } catch (SAXException e) {
            throw new XmlRpcException("fault not written", e);
        }
    }

    @Override
    protected boolean isContentLengthRequired(XmlRpcStreamRequestConfig config) {
        // The stock server then buffers the whole answer before the first byte goes out.
        return true;
    }

    @Override
    protected OutputStream getOutputStream(XmlRpcStreamRequestConfig config, ServerStreamConnection connection,
                                           int size) throws IOException {
        ((ServletConnection) connection).contentLength(size);
        return connection.newOutputStream();
    }

    private static SAXParserFactory hardenedParsers() {
        // The JDK's own parser, whatever else is on the classpath: the features below are known to work on it.
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            // Fail at startup, not per request, when the JDK does not know the depth limit.
            factory.newSAXParser().setProperty(MAX_DEPTH_PROPERTY, MAX_ELEMENT_DEPTH);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be hardened; refusing to serve XML-RPC", e);
        }
        return factory;
    }

    /** A parsed call. */
    private record ParsedCall(XmlRpcRequestConfig config, String methodName, List<Object> params)
            implements XmlRpcRequest {
        @Override
        public XmlRpcRequestConfig getConfig() {
            return config;
        }

        @Override
        public String getMethodName() {
            return methodName;
        }

        @Override
        public int getParameterCount() {
            return params.size();
        }

        @Override
        public Object getParameter(int index) {
            return params.get(index);
        }
    }

    /** A fault as written: faultCode and faultString. */
    record Fault(int code, String text) {
        private static final String INTERNAL_TEXT = "internal error (details are in the gateway log)";

        static Fault of(Throwable error) {
            if (error instanceof GatewayException) {
                GatewayException e = (GatewayException) error;
                String detail = e.getMessage() == null || e.getMessage().isBlank() ? "no detail" : e.getMessage();
                return new Fault(e.code().number(), e.code().name() + ": " + detail);
            }
            // Anything else is our own bug or a library failure: its message is not for clients.
            GatewayErrorCode internal = GatewayErrorCode.INTERNAL;
            return new Fault(internal.number(), internal.name() + ": " + INTERNAL_TEXT);
        }
    }

    /** Client faults at DEBUG without a stack trace; only the gateway's own failures at ERROR. */
    private static final class FaultLogger extends XmlRpcErrorLogger {
        @Override
        public void log(String message, Throwable error) {
            if (error instanceof GatewayException && ((GatewayException) error).code() != GatewayErrorCode.INTERNAL) {
                LOG.debug("XML-RPC fault {}: {}", ((GatewayException) error).code(), error.getMessage());
            } else {
                LOG.error("XML-RPC call failed", error);
            }
        }

        @Override
        public void log(String message) {
            LOG.debug("XML-RPC: {}", message);
        }
    }

    /** The servlet request and response as the stream server's connection, with the body capped before use. */
    private static final class ServletConnection implements ServerStreamConnection {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final int maxRequestBytes;

        ServletConnection(HttpServletRequest request, HttpServletResponse response, int maxRequestBytes) {
            this.request = request;
            this.response = response;
            this.maxRequestBytes = maxRequestBytes;
        }

        @Override
        public InputStream newInputStream() throws IOException {
            long declared = request.getContentLengthLong();
            if (declared > maxRequestBytes) {
                throw tooLarge(Long.toString(declared));
            }
            // Read at most one byte past the cap: a chunked body has no declared length to check.
            byte[] body = request.getInputStream().readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                throw tooLarge("more than " + maxRequestBytes);
            }
            return new ByteArrayInputStream(body);
        }

        private GatewayException tooLarge(String size) {
            return new GatewayException(GatewayErrorCode.LIMIT_EXCEEDED,
                    "request body: " + size + " bytes (expected: at most " + maxRequestBytes + " bytes)");
        }

        void contentLength(int size) {
            response.setContentLength(size);
        }

        @Override
        public OutputStream newOutputStream() throws IOException {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/xml;charset=UTF-8");
            return response.getOutputStream();
        }

        @Override
        public void close() {
            // The servlet container owns the connection.
        }
    }
}

package org.crossnet.api.xmlrpc;

import java.util.List;
import java.util.Map;
import org.apache.ws.commons.util.NamespaceContextImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.parser.I8Parser;
import org.apache.xmlrpc.parser.NullParser;
import org.apache.xmlrpc.parser.TypeParser;
import org.apache.xmlrpc.parser.TypeParserImpl;
import org.apache.xmlrpc.serializer.I8Serializer;
import org.apache.xmlrpc.serializer.NullSerializer;
import org.apache.xmlrpc.serializer.TypeSerializer;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * The only type factory Crossnet uses with Apache XML-RPC: the standard XML-RPC types plus exactly two extensions,
 * {@code i8} (64-bit integers: file sizes above 2^31, byte counts, event ids) and {@code nil}.
 *
 * <p>Why a subclass rather than the stock {@link TypeFactoryImpl}: 64-bit values need
 * {@code isEnabledForExtensions()}, and the stock factory then also accepts {@code <ex:serializable>} (Java
 * deserialization of attacker bytes, CVE-2016-5003), {@code <ex:dom>}, {@code <ex:bigdecimal>} and friends, and
 * serializes any {@link java.io.Serializable} result with Java serialization. This factory refuses every other
 * extension tag in both directions: an unknown value tag fails the request with
 * {@link GatewayErrorCode#INVALID_ARGUMENT} before any handler runs, and a result of another Java type fails
 * serialization (the server then answers with an {@link GatewayErrorCode#INTERNAL} fault).
 *
 * <p>Both the namespaced forms ({@code <ex:i8>}, {@code <ex:nil/>}, as Apache XML-RPC writes them) and the plain
 * forms ({@code <i8>}, {@code <nil/>}, as Python's {@code xmlrpc.client} writes nil) are read; responses use the
 * namespaced form with {@code xmlns:ex} declared, which both Apache XML-RPC and Python's {@code xmlrpc.client} read.
 *
 * <p>Usable on the client side too ({@code client.setTypeFactory(new RestrictedTypeFactory(client))}), so that a
 * Java client never deserializes objects a server sends. Thread-safe once constructed.
 */
public final class RestrictedTypeFactory extends TypeFactoryImpl {
    /** Value tags accepted, for error texts. */
    static final String ACCEPTED = "i4, int, i8, boolean, string, double, dateTime.iso8601, base64, struct, array, nil";

    private static final TypeSerializer I8 = new I8Serializer();
    private static final TypeSerializer NIL = new NullSerializer();

    public RestrictedTypeFactory(XmlRpcController controller) {
        super(controller);
    }

    @Override
    public TypeSerializer getSerializer(XmlRpcStreamConfig config, Object value) throws SAXException {
        if (value == null) {
            return NIL;
        }
        if (value instanceof Long) {
            return I8;
        }
        if (value instanceof String || value instanceof Integer || value instanceof Boolean
                || value instanceof Double || value instanceof byte[] || value instanceof Object[]
                || value instanceof List || value instanceof Map) {
            // List, array and map serializers call back into this factory for their elements.
            return super.getSerializer(config, value);
        }
        throw new SAXException(new GatewayException(GatewayErrorCode.INTERNAL,
                "value type: " + value.getClass().getName() + " (expected: String, Integer, Long, Boolean, Double,"
                        + " byte[], List, Object[], Map or null)"));
    }

    @Override
    public TypeParser getParser(XmlRpcStreamConfig config, NamespaceContextImpl context, String uri,
                                String localName) {
        boolean extensionOrPlain = XmlRpcWriter.EXTENSIONS_URI.equals(uri) || "".equals(uri);
        if (extensionOrPlain && I8Serializer.I8_TAG.equals(localName)) {
            return new I8Parser();
        }
        if (extensionOrPlain && NullSerializer.NIL_TAG.equals(localName)) {
            return new NullParser();
        }
        if ("".equals(uri)) {
            TypeParser standard = super.getParser(config, context, uri, localName);
            if (standard != null) {
                return standard;
            }
        }
        return new RefusedTypeParser(uri, localName);
    }

    /**
     * Fails the parse at the refused tag. Returning null would make the library throw a parse error whose text we
     * would have to classify; this way the fault carries a precise message instead.
     */
    private static final class RefusedTypeParser extends TypeParserImpl {
        private final String tag;

        RefusedTypeParser(String uri, String localName) {
            String name = uri == null || uri.isEmpty() ? localName : "{" + uri + "}" + localName;
            this.tag = Arguments.abbreviate(name);
        }

        @Override
        public void startDocument() throws SAXException {
            throw new SAXException(GatewayException.invalid("value type", tag, ACCEPTED));
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            startDocument();
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            startDocument();
        }
    }
}

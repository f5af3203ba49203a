package org.crossnet.api.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ws.commons.util.NamespaceContextImpl;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.parser.I8Parser;
import org.apache.xmlrpc.parser.NullParser;
import org.apache.xmlrpc.parser.StringParser;
import org.apache.xmlrpc.parser.TypeParser;
import org.apache.xmlrpc.serializer.I8Serializer;
import org.apache.xmlrpc.serializer.NullSerializer;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/** The type factory admits i8 and nil among the extensions and nothing else, in both directions. */
class RestrictedTypeFactoryTest {
    private final XmlRpcClientConfigImpl config = extensions();
    private final RestrictedTypeFactory factory = new RestrictedTypeFactory(new XmlRpcClient());

    private static XmlRpcClientConfigImpl extensions() {
        XmlRpcClientConfigImpl c = new XmlRpcClientConfigImpl();
        c.setEnabledForExtensions(true);
        return c;
    }

    @Test
    void writesLongAsI8AndNullAsNil() throws SAXException {
        assertThat(factory.getSerializer(config, 5L << 30)).isInstanceOf(I8Serializer.class);
        assertThat(factory.getSerializer(config, null)).isInstanceOf(NullSerializer.class);
        for (Object standard : new Object[] {"s", 1, true, 0.5, new byte[1], new Object[0], List.of(), Map.of()}) {
            assertThat(factory.getSerializer(config, standard)).as("%s", standard.getClass()).isNotNull();
        }
    }

    @Test
    void refusesToWriteAnyOtherJavaType() {
        for (Object other : new Object[] {UUID.randomUUID(), new BigDecimal("1.5"), 1.5f, (short) 1, new Date(),
            GatewayErrorCode.INTERNAL}) {
            SAXException e = catchThrowableOfType(SAXException.class, () -> factory.getSerializer(config, other));
            assertThat(e).as("%s", other.getClass()).isNotNull();
            assertThat(e.getException()).isInstanceOf(GatewayException.class)
                    .hasMessageStartingWith("value type: " + other.getClass().getName());
        }
    }

    @Test
    void readsI8AndNilInBothForms() {
        assertThat(parser(XmlRpcWriter.EXTENSIONS_URI, "i8")).isInstanceOf(I8Parser.class);
        assertThat(parser("", "i8")).isInstanceOf(I8Parser.class);
        assertThat(parser(XmlRpcWriter.EXTENSIONS_URI, "nil")).isInstanceOf(NullParser.class);
        assertThat(parser("", "nil")).isInstanceOf(NullParser.class);
        assertThat(parser("", "string")).isInstanceOf(StringParser.class);
    }

    @Test
    void refusesEveryOtherExtensionAndUnknownTag() {
        for (String tag : new String[] {"serializable", "dom", "bigdecimal", "biginteger", "float", "i1", "i2",
            "dateTime"}) {
            assertRefused(XmlRpcWriter.EXTENSIONS_URI, tag);
        }
        assertRefused("", "serializable");
        assertRefused("urn:other", "i8");
    }

    private void assertRefused(String uri, String tag) {
        TypeParser parser = parser(uri, tag);
        SAXException e = catchThrowableOfType(SAXException.class, parser::startDocument);
        assertThat(e).as("{%s}%s", uri, tag).isNotNull();
        assertThat(e.getException()).isInstanceOf(GatewayException.class);
        assertThat(((GatewayException) e.getException()).code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
        assertThat(e.getException().getMessage()).startsWith("value type: ").contains(tag)
                .endsWith("(expected: " + RestrictedTypeFactory.ACCEPTED + ")");
    }

    private TypeParser parser(String uri, String tag) {
        return factory.getParser(config, new NamespaceContextImpl(), uri, tag);
    }
}

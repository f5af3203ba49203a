package org.crossnet.app.e2e;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/** Reads the gateway's XML answers (faults) in the tests, with a parser that itself refuses DTDs. */
final class XmlDocuments {
    private XmlDocuments() {
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + xml, e);
        }
    }

    /** The text an XPath (namespace-free, using local-name()) selects. */
    static String text(Document document, String xpath) {
        try {
            return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.STRING);
        } catch (Exception e) {
            throw new AssertionError("xpath: " + xpath, e);
        }
    }

    /** An XML-RPC fault's member ({@code faultCode}, {@code faultString}), or "" when the answer is no fault. */
    static String xmlRpcFault(Document document, String member) {
        return text(document, "/methodResponse/fault/value/struct/member[name='" + member + "']/value").trim();
    }

    /** A SOAP 1.1 fault's child ({@code faultcode}, {@code faultstring}). */
    static String soapFault(Document document, String child) {
        return text(document, "/*[local-name()='Envelope']/*[local-name()='Body']/*[local-name()='Fault']/" + child)
                .trim();
    }

    /** A member of the fault's {@code gatewayError} detail ({@code code}, {@code codeName}). */
    static String soapGatewayError(Document document, String member) {
        return text(document, "//*[local-name()='detail']/*[local-name()='gatewayError']/" + member).trim();
    }
}

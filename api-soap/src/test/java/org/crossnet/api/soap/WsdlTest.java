package org.crossnet.api.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.crossnet.engine.facade.Operation;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The published WSDL: one operation per {@link Operation} (walks the enum), the documented types, stable across
 * fetches, and the same contract as the build-time file target/generated-wsdl/crossnet-gateway.wsdl.
 */
class WsdlTest extends SoapEndpointTestBase {
    private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";
    private static final String XSD = "http://www.w3.org/2001/XMLSchema";
    private static final Path BUILD_WSDL = Path.of("target/generated-wsdl/crossnet-gateway.wsdl");

    @Test
    void listsAnOperationForEveryOperationAndNoOther() throws Exception {
        Document wsdl = parse(get("/soap/gateway?wsdl").body());

        Set<String> portType = names(wsdl, WSDL, "portType", "operation");
        Set<String> binding = names(wsdl, WSDL, "binding", "operation");
        List<String> missing = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        for (Operation operation : Operation.values()) {
            expected.add(operation.soapName());
            if (!portType.contains(operation.soapName()) || !binding.contains(operation.soapName())) {
                missing.add(operation.wireName() + " as " + operation.soapName());
            }
        }
        assertThat(missing).as("operations missing from the WSDL").isEmpty();
        assertThat(portType).isEqualTo(expected);
        assertThat(binding).isEqualTo(expected);
    }

    @Test
    void describesServiceFaultAndWireTypes() throws Exception {
        String text = get("/soap/gateway?wsdl").body();
        Document wsdl = parse(text);
        Element definitions = wsdl.getDocumentElement();

        assertThat(definitions.getAttribute("targetNamespace")).isEqualTo("urn:crossnet:gateway:v1");
        assertThat(definitions.getAttribute("name")).isEqualTo("CrossnetGatewayService");
        assertThat(text).contains("style=\"document\"", "use=\"literal\"", "soap:address location=\"http://");
        Map<String, Map<String, String>> types = complexTypes(wsdl, false);
        assertThat(types.get("transfer")).containsEntry("bytesDone", "xs:long").containsEntry("bytesTotal", "xs:long")
                .containsEntry("downloadRate", "xs:long").containsEntry("progress", "xs:double")
                .containsEntry("sources", "tns:transferSource").containsEntry("addedAt", "xs:string");
        assertThat(types.get("links")).containsEntry("torrent", "xs:base64Binary");
        assertThat(types.get("info")).containsEntry("lastEventId", "xs:long");
        assertThat(types.get("event")).containsEntry("id", "xs:long").containsKey("data");
        assertThat(types.get("gatewayError")).containsEntry("code", "xs:int").containsEntry("codeName", "xs:string");
        assertThat(types.get("transferAddTorrent")).containsEntry("torrent", "xs:base64Binary");
        assertThat(types.get("transferListResponse")).containsEntry("transfer", "tns:transfer");
        assertThat(types.get("transferGetResponse")).containsEntry("transfer", "tns:transfer");
        assertThat(types.get("transfer")).containsEntry("files", "tns:transferFile")
                .containsEntry("trackers", "tns:transferTracker").containsEntry("downloadLimit", "xs:long")
                .containsEntry("uploadLimit", "xs:long");
        assertThat(types.get("transferFile")).containsExactlyEntriesOf(new TreeMap<>(Map.of("path", "xs:string",
                "length", "xs:long", "offset", "xs:long", "bytesVerified", "xs:long")));
        assertThat(types.get("transferTracker")).containsEntry("tier", "xs:int").containsEntry("state", "xs:string")
                .containsEntry("lastAnnounce", "xs:string").containsEntry("seeders", "xs:int").containsKey("error");
        assertThat(types.get("transferLimit")).containsEntry("id", "xs:string")
                .containsEntry("downloadLimit", "xs:long").containsEntry("uploadLimit", "xs:long");
        assertThat(types.get("transferLimitResponse")).containsEntry("transfer", "tns:transfer");
        assertThat(types.get("gatewayInfoResponse")).containsEntry("info", "tns:info");
        // Every operation declares the one fault.
        NodeList faults = wsdl.getElementsByTagNameNS(WSDL, "fault");
        Set<String> faultNames = new TreeSet<>();
        for (int i = 0; i < faults.getLength(); i++) {
            faultNames.add(((Element) faults.item(i)).getAttribute("name"));
        }
        assertThat(faultNames).containsExactly("GatewayFault");
        assertThat(faults.getLength()).isEqualTo(2 * Operation.values().length);
    }

    @Test
    void isStableAndMatchesTheBuildTimeFile() throws Exception {
        String first = get("/soap/gateway?wsdl").body();
        String second = get("/soap/gateway?wsdl").body();
        assertThat(second).isEqualTo(first);

        assertThat(BUILD_WSDL).as("written by cxf-java2ws-plugin at process-classes").exists();
        Document published = parse(first);
        Document built = parse(Files.readString(BUILD_WSDL));
        assertThat(complexTypes(built, true)).isEqualTo(complexTypes(published, true));
        assertThat(names(built, WSDL, "portType", "operation")).isEqualTo(names(published, WSDL, "portType",
                "operation"));
    }

    /** Names of {@code child} elements (in the same namespace) of every {@code parent} element. */
    private static Set<String> names(Document document, String ns, String parent, String child) {
        Set<String> names = new TreeSet<>();
        NodeList parents = document.getElementsByTagNameNS(ns, parent);
        for (int i = 0; i < parents.getLength(); i++) {
            NodeList children = ((Element) parents.item(i)).getElementsByTagNameNS(ns, child);
            for (int j = 0; j < children.getLength(); j++) {
                Element element = (Element) children.item(j);
                if (element.getParentNode() == parents.item(i)) {
                    names.add(element.getAttribute("name"));
                }
            }
        }
        return names;
    }

    /** complexType name -> (member element name -> type as written, and its occurrence bounds when asked). */
    private static Map<String, Map<String, String>> complexTypes(Document document, boolean withOccurs) {
        Map<String, Map<String, String>> types = new TreeMap<>();
        NodeList complexTypes = document.getElementsByTagNameNS(XSD, "complexType");
        for (int i = 0; i < complexTypes.getLength(); i++) {
            Element type = (Element) complexTypes.item(i);
            if (type.getAttribute("name").isEmpty()) {
                continue;
            }
            Map<String, String> members = new TreeMap<>();
            NodeList elements = type.getElementsByTagNameNS(XSD, "element");
            for (int j = 0; j < elements.getLength(); j++) {
                Element element = (Element) elements.item(j);
                members.put(element.getAttribute("name"),
                        element.getAttribute("type") + (withOccurs ? occurs(element) : ""));
            }
            types.put(type.getAttribute("name"), members);
        }
        return types;
    }

    private static String occurs(Element element) {
        String min = element.getAttribute("minOccurs");
        String max = element.getAttribute("maxOccurs");
        return (min.isEmpty() ? "" : " min=" + min) + (max.isEmpty() ? "" : " max=" + max);
    }
}

package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crossnet.engine.facade.Operation;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The WSDL file the JAX-WS test client is generated from (written by api-soap's build) declares the same operations
 * as the live {@code ?wsdl} of the running gateway, and both cover every {@link Operation}: the generated client in
 * {@link CrossApiScenarioTest} speaks to what is really served.
 */
class PublishedWsdlTest extends RunningGatewayTest {
    private static final Path WSDL_FILE = Path.of("../api-soap/target/generated-wsdl/crossnet-gateway.wsdl");

    @Test
    void liveWsdlDeclaresTheOperationsOfTheFileTheClientWasGeneratedFrom() throws IOException {
        HttpResponse<String> live = rest().send(HttpRequest.newBuilder(uri("/soap/gateway?wsdl"))
                .header("X-Crossnet-Token", token.value()).GET().build());
        assertThat(live.statusCode()).isEqualTo(200);

        Set<String> liveOperations = operations(XmlDocuments.parse(live.body()));
        Set<String> fileOperations = operations(XmlDocuments.parse(Files.readString(WSDL_FILE)));

        assertThat(liveOperations).isEqualTo(fileOperations);
        assertThat(liveOperations).isEqualTo(Stream.of(Operation.values()).map(Operation::soapName)
                .collect(Collectors.toCollection(TreeSet::new)));
        assertThat(live.body()).contains("location=\"" + uri("/soap/gateway") + "\"");
    }

    private static Set<String> operations(Document wsdl) {
        NodeList nodes = wsdl.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/", "operation");
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            org.w3c.dom.Node parent = nodes.item(i).getParentNode();
            if ("portType".equals(parent.getLocalName())) {
                names.add(nodes.item(i).getAttributes().getNamedItem("name").getNodeValue());
            }
        }
        return names;
    }
}

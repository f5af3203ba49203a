package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.apache.xmlrpc.XmlRpcException;
import org.crossnet.app.e2e.soapclient.GatewayFault;
import tools.jackson.databind.JsonNode;

/**
 * A refusal as each API renders it, reduced to one comparable line {@code "<code> <CODE_NAME>: <detail>"}, so a test
 * can require the same code and text from REST, XML-RPC and SOAP.
 */
final class ApiRefusals {
    private ApiRefusals() {
    }

    /** A REST problem (RFC 9457): checks its status, media type and type URN against the code name. */
    static String rest(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("REST status of %s, body %s", response.uri(), response.body())
                .isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = RestOps.JSON.readTree(response.body());
        String codeName = problem.get("codeName").asString();
        assertThat(problem.get("type").asString()).isEqualTo("urn:crossnet:error:" + codeName);
        return problem.get("code").asInt() + " " + codeName + ": " + problem.get("detail").asString();
    }

    /** An XML-RPC fault: faultCode, then faultString ({@code CODE_NAME: detail}). */
    static String xmlrpc(XmlRpcException fault) {
        return fault.code + " " + fault.getMessage();
    }

    /** A SOAP fault with its {@code gatewayError} detail. */
    static String soap(GatewayFault fault) {
        assertThat(fault).as("a SOAP fault").isNotNull();
        return fault.getFaultInfo().getCode() + " " + fault.getFaultInfo().getCodeName() + ": " + fault.getMessage();
    }
}

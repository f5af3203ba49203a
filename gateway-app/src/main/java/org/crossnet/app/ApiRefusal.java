package org.crossnet.app;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.crossnet.spi.error.GatewayErrorCode;

/**
 * Refusals written by the app's servlet filters before a front-end sees the request, in the error form of the API
 * the path belongs to: an XML-RPC fault, a SOAP fault, or problem JSON. {@code detail} must be plain text without
 * markup or quotes (it is a constant of the calling filter).
 */
final class ApiRefusal {
    private ApiRefusal() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, GatewayErrorCode code,
                      String title, String detail) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        if (path.startsWith("/xmlrpc")) {
            response.setContentType("text/xml");
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><fault><value><struct>"
                    + "<member><name>faultCode</name><value><int>" + code.number() + "</int></value></member>"
                    + "<member><name>faultString</name><value><string>" + code.name() + ": " + detail
                    + "</string></value></member></struct></value></fault></methodResponse>");
        } else if (path.startsWith("/soap")) {
            response.setContentType("text/xml");
            response.getWriter().write("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                    + "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>" + detail + "</faultstring><detail>"
                    // gatewayError's children are unqualified (elementFormDefault="unqualified" in the WSDL)
                    + "<gw:gatewayError xmlns:gw=\"urn:crossnet:gateway:v1\"><code>" + code.number() + "</code><codeName>"
                    + code.name() + "</codeName></gw:gatewayError></detail></soap:Fault></soap:Body></soap:Envelope>");
        } else {
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"urn:crossnet:error:" + code.name() + "\",\"title\":\"" + title
                    + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":" + code.number()
                    + ",\"codeName\":\"" + code.name() + "\"}");
        }
    }
}

package org.crossnet.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.crossnet.spi.error.GatewayErrorCode;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every request without the API token, on every path (REST, SOAP and its WSDL, XML-RPC, OpenAPI). The token
 * is accepted as {@code Authorization: Bearer <token>}, as HTTP Basic password (any user name), or in
 * {@code X-Crossnet-Token}. Refusals answer 401 in the form the API expects (problem JSON, SOAP fault, XML-RPC
 * fault) so clients see the stable UNAUTHENTICATED code.
 */
final class ApiTokenFilter extends OncePerRequestFilter {
    static final String HEADER = "X-Crossnet-Token";
    private static final GatewayErrorCode CODE = GatewayErrorCode.UNAUTHENTICATED;
    private static final String DETAIL = "a valid API token is required (Authorization: Bearer, HTTP Basic password,"
            + " or X-Crossnet-Token)";

    private final ApiToken token;

    ApiTokenFilter(ApiToken token) {
        this.token = token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token.matches(presented(request))) {
            chain.doFilter(request, response);
            return;
        }
        refuse(request, response);
    }

    private static String presented(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        if (header != null) {
            return header.trim();
        }
        String auth = request.getHeader("Authorization");
        if (auth == null) {
            return null;
        }
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"crossnet\", Basic realm=\"crossnet\"");
        response.setCharacterEncoding("UTF-8");
        if (path.startsWith("/xmlrpc")) {
            response.setContentType("text/xml");
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><fault><value><struct>"
                    + "<member><name>faultCode</name><value><int>" + CODE.number() + "</int></value></member>"
                    + "<member><name>faultString</name><value><string>" + CODE.name() + ": " + DETAIL
                    + "</string></value></member></struct></value></fault></methodResponse>");
        } else if (path.startsWith("/soap")) {
            response.setContentType("text/xml");
            response.getWriter().write("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                    + "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>" + DETAIL + "</faultstring><detail>"
                    + "<gatewayError xmlns=\"urn:crossnet:gateway:v1\"><code>" + CODE.number() + "</code><codeName>"
                    + CODE.name() + "</codeName></gatewayError></detail></soap:Fault></soap:Body></soap:Envelope>");
        } else {
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"urn:crossnet:error:" + CODE.name() + "\",\"title\":\"Unauthenticated\","
                    + "\"status\":401,\"detail\":\"" + DETAIL + "\",\"code\":" + CODE.number() + ",\"codeName\":\""
                    + CODE.name() + "\"}");
        }
    }
}

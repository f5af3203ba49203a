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
        response.setHeader("WWW-Authenticate", "Bearer realm=\"crossnet\", Basic realm=\"crossnet\"");
        ApiRefusal.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, CODE, "Unauthenticated", DETAIL);
    }
}

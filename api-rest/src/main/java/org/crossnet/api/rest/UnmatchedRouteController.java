package org.crossnet.api.rest;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The least specific route under {@value RestApiConfiguration#BASE_PATH}: it receives every request no real route
 * matches and says why, as a problem. Without it such requests would fall through to Spring's static-resource
 * handler and the application's error page, outside the REST error format. It works out whether the path is
 * unknown (404), the method wrong (405), the Content-Type refused (415) or the Accept unsatisfiable (406) by asking
 * the routes' own conditions, as Spring's handler mapping does when nothing matches. (OPTIONS never lands here:
 * a mapping without methods does not match it, so Spring answers it with the Allow header as usual.)
 */
@Hidden
@RestController
final class UnmatchedRouteController {
    private final ObjectProvider<RequestMappingHandlerMapping> mapping;

    UnmatchedRouteController(
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mapping) {
        this.mapping = mapping;
    }

    @RequestMapping({RestApiConfiguration.BASE_PATH, RestApiConfiguration.BASE_PATH + "/**"})
    void unmatched(HttpServletRequest request) throws Exception {
        Set<String> allowed = new LinkedHashSet<>();
        List<MediaType> consumable = new ArrayList<>();
        List<MediaType> producible = new ArrayList<>();
        boolean pathKnown = false;
        boolean methodKnown = false;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getObject().getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            if (!entry.getValue().hasMethodAnnotation(ApiOperation.class)
                    || info.getPathPatternsCondition() == null
                    || info.getPathPatternsCondition().getMatchingCondition(request) == null) {
                continue;
            }
            pathKnown = true;
            info.getMethodsCondition().getMethods().forEach(m -> allowed.add(m.name()));
            if (info.getMethodsCondition().getMatchingCondition(request) == null) {
                continue;
            }
            methodKnown = true;
            if (info.getConsumesCondition().getMatchingCondition(request) == null) {
                consumable.addAll(info.getConsumesCondition().getConsumableMediaTypes());
            } else if (info.getProducesCondition().getMatchingCondition(request) == null) {
                producible.addAll(info.getProducesCondition().getProducibleMediaTypes());
            }
        }
        String route = request.getMethod() + " " + request.getRequestURI();
        if (!pathKnown) {
            throw new GatewayException(GatewayErrorCode.NOT_FOUND,
                    "route: " + route + " (expected: a route listed in docs/api-rest.md)");
        }
        if (!methodKnown) {
            throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
        }
        if (!consumable.isEmpty()) {
            throw new HttpMediaTypeNotSupportedException(contentType(request), consumable);
        }
        if (!producible.isEmpty()) {
            throw new HttpMediaTypeNotAcceptableException(producible);
        }
        // Only parameter or header conditions could be left, and no route declares any.
        throw new GatewayException(GatewayErrorCode.NOT_FOUND,
                "route: " + route + " (expected: a route listed in docs/api-rest.md)");
    }

    private static MediaType contentType(HttpServletRequest request) {
        String text = request.getContentType();
        if (text == null) {
            return null;
        }
        try {
            return MediaType.parseMediaType(text);
        } catch (InvalidMediaTypeException e) {
            throw GatewayException.invalid("Content-Type", JsonErrors.shown(text), "a media type such as application/json");
        }
    }
}

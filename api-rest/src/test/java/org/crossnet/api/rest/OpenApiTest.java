package org.crossnet.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.crossnet.engine.facade.Operation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** /v3/api-docs lists every route under its operation's name and declares the bearer scheme. */
class OpenApiTest extends RestApiTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void everyRouteIsDocumentedWithItsOperationId() {
        JsonNode doc = json(get("/v3/api-docs"), 200);
        JsonNode paths = doc.get("paths");
        int documented = 0;
        for (Map.Entry<?, org.springframework.web.method.HandlerMethod> entry : mapping.getHandlerMethods()
                .entrySet()) {
            ApiOperation api = entry.getValue().getMethodAnnotation(ApiOperation.class);
            if (api == null || api.stream()) {
                continue;
            }
            var info = (org.springframework.web.servlet.mvc.method.RequestMappingInfo) entry.getKey();
            String path = info.getPathPatternsCondition().getPatternValues().iterator().next();
            String method = info.getMethodsCondition().getMethods().iterator().next().name().toLowerCase(Locale.ROOT);
            JsonNode operation = paths.path(path).path(method);
            assertThat(operation.isMissingNode()).as("%s %s in /v3/api-docs", method, path).isFalse();
            assertThat(operation.get("operationId").asString()).isEqualTo(api.value().soapName());
            assertThat(operation.get("x-crossnet-operation").asString()).isEqualTo(api.value().wireName());
            documented++;
        }
        assertThat(documented).isEqualTo(Operation.values().length);
        assertThat(paths.has("/api/v1/**")).as("the unmatched-route handler is hidden").isFalse();
        assertThat(paths.path("/api/v1/events").path("get").path("responses").path("200").path("content")
                .has("text/event-stream")).isTrue();
        assertThat(paths.path("/api/v1/transfers/torrents").path("post").path("requestBody").path("content")
                .has("application/x-bittorrent")).isTrue();
    }

    @Test
    void declaresTheBearerScheme() {
        JsonNode doc = json(get("/v3/api-docs"), 200);
        JsonNode scheme = doc.path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.get("security").toString()).contains("bearer");
    }
}

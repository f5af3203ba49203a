package org.crossnet.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossnet.engine.facade.Operation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The REST front-end exposes exactly the operation table: every {@link Operation} has exactly one handler method
 * (not counting its stream rendering), at exactly the route docs/api.md lists for it.
 */
class OperationMappingTest extends RestApiTestBase {
    private static final Pattern ROW = Pattern.compile("^\\| ([a-z]+\\.[A-Za-z]+) \\|.*\\| `(GET|POST|PUT|DELETE) (/[^`?]*)");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void everyOperationHasExactlyOneHandlerAtTheDocumentedRoute() throws IOException {
        Map<Operation, List<String>> routes = new EnumMap<>(Operation.class);
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            ApiOperation api = entry.getValue().getMethodAnnotation(ApiOperation.class);
            if (api == null || api.stream()) {
                continue;
            }
            RequestMappingInfo info = entry.getKey();
            assertThat(info.getMethodsCondition().getMethods()).as("%s", entry.getValue()).hasSize(1);
            assertThat(info.getPathPatternsCondition().getPatternValues()).as("%s", entry.getValue()).hasSize(1);
            routes.computeIfAbsent(api.value(), o -> new ArrayList<>()).add(
                    info.getMethodsCondition().getMethods().iterator().next() + " "
                            + info.getPathPatternsCondition().getPatternValues().iterator().next());
        }

        Map<Operation, String> documented = documentedRoutes();
        assertThat(documented.keySet()).as("operations in docs/api.md").containsExactlyInAnyOrder(Operation.values());
        for (Operation operation : Operation.values()) {
            assertThat(routes.get(operation)).as("handlers of %s", operation.wireName())
                    .containsExactly(documented.get(operation));
        }
    }

    @Test
    void eventPollAlsoHasItsStreamRenderingOnTheSameRoute() {
        List<String> streams = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, method) -> {
            ApiOperation api = method.getMethodAnnotation(ApiOperation.class);
            if (api != null && api.stream()) {
                streams.add(api.value() + " " + info.getPathPatternsCondition().getPatternValues()
                        + " " + info.getProducesCondition().getProducibleMediaTypes());
            }
        });
        assertThat(streams).containsExactly("EVENT_POLL [/api/v1/events] [text/event-stream]");
    }

    /** The REST column of docs/api.md's operation table, with {@code /api/v1} prefixed and queries dropped. */
    private static Map<Operation, String> documentedRoutes() throws IOException {
        Map<Operation, String> routes = new EnumMap<>(Operation.class);
        for (String line : Files.readAllLines(Path.of("..", "docs", "api.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                Operation operation = Operation.ofWireName(m.group(1)).orElseThrow(
                        () -> new AssertionError("docs/api.md names an unknown operation: " + m.group(1)));
                routes.put(operation, m.group(2) + " " + RestApiConfiguration.BASE_PATH + m.group(3).trim());
            }
        }
        return routes;
    }
}

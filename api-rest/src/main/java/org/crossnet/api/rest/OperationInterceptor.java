package org.crossnet.api.rest;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The REST front-end's one interceptor, keyed by {@link Operation}: refuses oversized JSON bodies before they are
 * parsed, logs each call at DEBUG with its duration and tells the {@link OperationObserver}s. Handlers without
 * {@link ApiOperation} (the unmatched-route handler) pass through untouched. Thread-safe.
 */
public final class OperationInterceptor implements HandlerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(OperationInterceptor.class);
    private static final String STARTED = OperationInterceptor.class.getName() + ".started";

    private final List<OperationObserver> observers;
    private final long maxJsonBody;

    public OperationInterceptor(List<OperationObserver> observers, RestApiProperties properties) {
        this.observers = List.copyOf(observers);
        this.maxJsonBody = properties.maxJsonBody().toBytes();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        ApiOperation api = annotation(handler);
        if (api == null) {
            return true;
        }
        // An async dispatch (the end of an event stream) passes here again; keep the time of the first pass.
        if (request.getAttribute(STARTED) == null) {
            request.setAttribute(STARTED, System.nanoTime());
        }
        long length = request.getContentLengthLong();
        // transfer.addTorrent reads its own body with its own, larger cap (it also catches chunked bodies).
        if (api.value() != Operation.TRANSFER_ADD_TORRENT && length > maxJsonBody) {
            throw new GatewayException(GatewayErrorCode.LIMIT_EXCEEDED,
                    "body: " + length + " bytes (expected: at most " + maxJsonBody + " bytes)");
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        ApiOperation api = annotation(handler);
        Object started = request.getAttribute(STARTED);
        if (api == null || !(started instanceof Long)) {
            return;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - (Long) started);
        int status = response.getStatus();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}{} -> {} in {} ms{}", api.value().wireName(), api.stream() ? " (stream)" : "", status,
                    elapsed.toMillis(), request.getDispatcherType() == DispatcherType.ASYNC ? " (async)" : "");
        }
        for (OperationObserver observer : observers) {
            try {
                observer.completed(api.value(), status, elapsed);
            } catch (RuntimeException e) {
                // A broken metrics hook must not turn a served request into an error.
                LOG.warn("operation observer {} failed for {}", observer, api.value().wireName(), e);
            }
        }
    }

    private static ApiOperation annotation(Object handler) {
        return handler instanceof HandlerMethod method ? method.getMethodAnnotation(ApiOperation.class) : null;
    }
}

package org.crossnet.api.rest;

import java.time.Duration;
import org.crossnet.engine.facade.Operation;

/**
 * Hook for metrics: every {@link OperationObserver} bean hears of each finished REST call. Called on the request
 * thread after the response is complete; must not block or throw.
 */
@FunctionalInterface
public interface OperationObserver {
    /**
     * @param status  the HTTP status sent
     * @param elapsed from the handler's selection to the end of the response (for a stream, its whole life)
     */
    void completed(Operation operation, int status, Duration elapsed);
}

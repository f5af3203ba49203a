package org.crossnet.api.soap;

import java.time.Duration;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;

/**
 * Metrics hook of the SOAP API: told once per dispatched operation, after the response or fault was written. Called
 * on the request thread; must not block or throw. Declare a bean of this type to receive calls; none is needed.
 */
@FunctionalInterface
public interface SoapOperationListener {
    /**
     * @param operation  the operation invoked
     * @param elapsed    from dispatch to the end of the response
     * @param error      the fault's code, or null when the operation succeeded
     */
    void completed(Operation operation, Duration elapsed, GatewayErrorCode error);
}

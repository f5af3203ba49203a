package org.crossnet.api.xmlrpc;

import java.time.Duration;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;

/**
 * Where the application plugs metrics into the XML-RPC front-end: told about every {@code crossnet.*} call once it
 * has finished, including calls refused for bad arguments. Called on the request thread; must be quick and must
 * not throw (an exception is logged and otherwise ignored).
 */
@FunctionalInterface
public interface XmlRpcCallObserver {
    /** Observes nothing. */
    XmlRpcCallObserver NONE = (operation, elapsed, failure) -> { };

    /**
     * @param operation  the operation called
     * @param elapsed    time from argument parsing to the facade's return
     * @param failure    the fault's code, or null when the call succeeded
     */
    void completed(Operation operation, Duration elapsed, GatewayErrorCode failure);
}

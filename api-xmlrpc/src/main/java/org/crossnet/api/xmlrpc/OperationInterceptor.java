package org.crossnet.api.xmlrpc;

import java.time.Duration;
import java.util.function.Supplier;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front-end's one interceptor, keyed by {@link Operation}: times each call, logs it at DEBUG and reports it to
 * the {@link XmlRpcCallObserver}. Auth is not here: the application's servlet filter guards every API. Thread-safe.
 */
final class OperationInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(OperationInterceptor.class);

    private final XmlRpcCallObserver observer;

    OperationInterceptor(XmlRpcCallObserver observer) {
        this.observer = observer;
    }

    Object invoke(Operation operation, Supplier<Object> call) {
        long start = System.nanoTime();
        GatewayErrorCode failure = null;
        try {
            return call.get();
        } catch (GatewayException e) {
            failure = e.code();
            throw e;
        } catch (RuntimeException | Error e) {
            failure = GatewayErrorCode.INTERNAL;
            throw e;
        } finally {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            LOG.debug("{} {} in {} ms", operation.xmlRpcName(), failure == null ? "ok" : failure,
                    elapsed.toMillis());
            try {
                observer.completed(operation, elapsed, failure);
            } catch (RuntimeException e) {
                LOG.warn("XML-RPC call observer failed for {}", operation.xmlRpcName(), e);
            }
        }
    }
}

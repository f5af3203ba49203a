package org.crossnet.api.soap;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOAP API's one interceptor keyed by {@link Operation}: {@link #inbound()} stamps the operation and start time
 * on the exchange before the call; {@link #outbound()} (on the out and out-fault chains) logs the operation and its
 * duration at DEBUG and tells the {@link SoapOperationListener}. Requests that never reach dispatch (malformed or
 * refused XML) are not timed; {@link SoapFaultInterceptor} logs those.
 */
final class SoapOperationInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(SoapOperationInterceptor.class);
    private static final Map<String, Operation> BY_SOAP_NAME = Arrays.stream(Operation.values())
            .collect(Collectors.toUnmodifiableMap(Operation::soapName, Function.identity()));
    private static final String STARTED = SoapOperationInterceptor.class.getName() + ".started";

    private final SoapOperationListener listener;

    SoapOperationInterceptor(SoapOperationListener listener) {
        this.listener = listener;
    }

    /** The operation a bound SOAP operation name stands for, or null for a name outside the table. */
    static Operation operation(String soapName) {
        return BY_SOAP_NAME.get(soapName);
    }

    AbstractPhaseInterceptor<Message> inbound() {
        return new Start();
    }

    AbstractPhaseInterceptor<Message> outbound() {
        return new Finish(listener);
    }

    private static final class Start extends AbstractPhaseInterceptor<Message> {
        Start() {
            super(Phase.PRE_INVOKE);
        }

        @Override
        public void handleMessage(Message message) {
            Exchange exchange = message.getExchange();
            BindingOperationInfo bound = exchange.getBindingOperationInfo();
            Operation operation = bound == null ? null : operation(bound.getName().getLocalPart());
            if (operation != null) {
                exchange.put(Operation.class, operation);
                exchange.put(STARTED, System.nanoTime());
            }
        }
    }

    private static final class Finish extends AbstractPhaseInterceptor<Message> {
        private final SoapOperationListener listener;

        Finish(SoapOperationListener listener) {
            super(Phase.SETUP_ENDING);
            this.listener = listener;
        }

        @Override
        public void handleMessage(Message message) {
            Exchange exchange = message.getExchange();
            Operation operation = exchange.get(Operation.class);
            Object started = exchange.get(STARTED);
            if (operation == null || !(started instanceof Long)) {
                return;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - (Long) started);
            GatewayErrorCode error = exchange.get(GatewayErrorCode.class);
            if (LOG.isDebugEnabled()) {
                LOG.debug("soap {} {} ms {}", operation.wireName(), elapsed.toMillis(),
                        error == null ? "ok" : error.name());
            }
            try {
                listener.completed(operation, elapsed, error);
            } catch (RuntimeException e) {
                // A broken metrics hook must not turn an answered call into a fault.
                LOG.warn("SOAP operation listener failed for {}", operation.wireName(), e);
            }
        }
    }
}

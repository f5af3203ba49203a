package org.crossnet.api.soap;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;

/** A {@link SoapOperationListener} that keeps every call it is told about. */
final class RecordingListener implements SoapOperationListener {
    /** One completed operation. */
    record Call(Operation operation, Duration elapsed, GatewayErrorCode error) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void completed(Operation operation, Duration elapsed, GatewayErrorCode error) {
        calls.add(new Call(operation, elapsed, error));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clear() {
        calls.clear();
    }
}

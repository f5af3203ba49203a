package org.crossnet.api.rest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossnet.engine.facade.Operation;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The smallest application around the REST front-end: its configuration, a fake facade, a recording observer. */
@SpringBootApplication
@Import(RestApiConfiguration.class)
class RestTestApplication {

    @Bean
    FakeGatewayService gatewayService() {
        return new FakeGatewayService();
    }

    @Bean
    RecordingObserver recordingObserver() {
        return new RecordingObserver();
    }

    /** Keeps what the interceptor reported. */
    static final class RecordingObserver implements OperationObserver {
        record Call(Operation operation, int status, Duration elapsed) {
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public void completed(Operation operation, int status, Duration elapsed) {
            calls.add(new Call(operation, status, elapsed));
        }
    }
}

package org.crossnet.api.xmlrpc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A minimal web application around the XML-RPC front-end: the imported configuration, an in-memory facade, an
 * observer that records calls, and a filter that records the credentials clients send (the real app's auth filter
 * is not part of this module). No component scanning: the configuration is imported, as the gateway app does.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(XmlRpcApiConfiguration.class)
class XmlRpcTestApplication {
    @Bean
    FakeGateway fakeGateway() {
        return new FakeGateway();
    }

    @Bean
    RecordingObserver recordingObserver() {
        return new RecordingObserver();
    }

    @Bean
    CredentialRecorder credentialRecorder() {
        return new CredentialRecorder();
    }

    /** One observed call. */
    record Observed(Operation operation, Duration elapsed, GatewayErrorCode failure) {
    }

    static final class RecordingObserver implements XmlRpcCallObserver {
        final List<Observed> calls = new CopyOnWriteArrayList<>();

        @Override
        public void completed(Operation operation, Duration elapsed, GatewayErrorCode failure) {
            calls.add(new Observed(operation, elapsed, failure));
        }
    }

    /** Records the Authorization and X-Crossnet-Token headers of every request. */
    static final class CredentialRecorder extends OncePerRequestFilter {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getHeader("Authorization") != null) {
                seen.add("Authorization: " + request.getHeader("Authorization"));
            }
            if (request.getHeader("X-Crossnet-Token") != null) {
                seen.add("X-Crossnet-Token: " + request.getHeader("X-Crossnet-Token"));
            }
            chain.doFilter(request, response);
        }
    }
}

package org.crossnet.app.e2e;

import java.net.URI;
import org.crossnet.app.ApiToken;
import org.crossnet.app.CrossnetApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real gateway (engine, scripted test network, all three APIs, token filter) on a random port of 127.0.0.1,
 * over {@link GatewayFixture#SHARED}. Every subclass shares one Spring context, so tests that change gateway state
 * must leave it consistent for the others (only {@link CrossApiScenarioTest} changes it).
 */
@SpringBootTest(classes = CrossnetApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningGatewayTest {
    @LocalServerPort
    protected int port;

    @Autowired
    protected ApiToken token;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        GatewayFixture.SHARED.register(registry);
    }

    protected GatewayFixture fixture() {
        return GatewayFixture.SHARED;
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected RestOps rest() {
        return new RestOps(uri(""), token.value());
    }
}

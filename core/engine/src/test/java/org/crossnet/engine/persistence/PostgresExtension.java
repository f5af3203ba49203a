package org.crossnet.engine.persistence;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Gives a test class fresh databases on one {@link PostgresServer} shared by the whole test run: the server starts
 * before the first class that registers this extension and is closed (stopped, folder deleted) when JUnit closes the
 * root store at the end of the run. Register it as a static field with {@code @RegisterExtension}. A missing
 * PostgreSQL installation fails the class (it is not skipped): CI installs the package.
 */
final class PostgresExtension implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    private volatile PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        // the root store closes AutoCloseable values when the run ends, after every class that used the server
        server = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(PostgresServer.class, key -> PostgresServer.start(), PostgresServer.class);
    }

    /** A new empty database on the shared server; only valid once the class has started. */
    PGSimpleDataSource newDatabase() {
        if (server == null) {
            throw new IllegalStateException("server: not started (expected: a static @RegisterExtension field)");
        }
        return server.newDatabase();
    }
}

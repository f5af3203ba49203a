package org.crossnet.engine.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.flywaydb.core.Flyway;

/**
 * The catalogue database: migrates the schema with Flyway on open and hands out connections. The same migrations run
 * on the embedded H2 file database (default) and on PostgreSQL. Thread-safe.
 */
public final class Database {
    private final DataSource dataSource;

    private Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Migrates the schema to the newest version and returns the database. */
    public static Database migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return new Database(dataSource);
    }

    /** Runs {@code work} in one transaction; commits on success, rolls back on any exception. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "database operation failed", e);
        }
    }

    /** One unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}

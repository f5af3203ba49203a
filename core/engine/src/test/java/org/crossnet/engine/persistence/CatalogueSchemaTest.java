package org.crossnet.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flyway migrations on a real PostgreSQL server: an empty database reaches the newest version, a second open
 * migrates nothing, and the resulting tables have the same columns, types and nullability as on H2.
 */
class CatalogueSchemaTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    /** The data types PostgreSQL and H2 report under different names for the same declared type. */
    private static final Map<String, String> SAME_TYPE = Map.of("bytea", "binary varying");

    @TempDir
    Path temp;

    private static Flyway flyway(DataSource ds) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration").load();
    }

    @Test
    void migratesAnEmptyPostgresDatabaseToTheNewestVersion() throws SQLException {
        DataSource ds = POSTGRES.newDatabase();
        MigrationInfoService before = flyway(ds).info();
        assertThat(before.applied()).isEmpty();
        assertThat(before.pending()).isNotEmpty();
        MigrationVersion newest = Arrays.stream(before.all()).map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo).orElseThrow();

        Database.migrate(ds);

        MigrationInfoService after = flyway(ds).info();
        assertThat(after.current().getVersion()).isEqualTo(newest);
        assertThat(after.pending()).isEmpty();
        assertThat(after.applied()).allSatisfy(m -> assertThat(m.getState().isFailed()).isFalse());
        try (Connection c = ds.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(columns(c, "public")).contains(
                    "share.id uuid NOT NULL",
                    "share.size bigint NOT NULL",
                    "share.added_at timestamp with time zone NOT NULL",
                    "share.ed2k_parts binary varying NULL",
                    "share.piece_length integer NULL",
                    "transfer.resume_data binary varying NULL",
                    "transfer.download_limit bigint NOT NULL",
                    "transfer.upload_limit bigint NOT NULL",
                    "transfer.network_peers character varying(16000) NULL",
                    "transfer_file.transfer_id uuid NOT NULL",
                    "transfer_file.path character varying(4096) NOT NULL",
                    "transfer_file.length bigint NOT NULL",
                    "transfer_file.file_offset bigint NOT NULL",
                    "known_host.network character varying(32) NOT NULL",
                    "known_host.host character varying(253) NOT NULL",
                    "known_host.port integer NOT NULL",
                    "known_host.last_seen timestamp with time zone NOT NULL",
                    "known_host.last_success timestamp with time zone NULL",
                    "known_host.failures integer NOT NULL",
                    "known_host.attributes character varying(4000) NULL",
                    "setting.setting_value character varying(4000) NOT NULL");
        }
    }

    @Test
    void openingAMigratedPostgresDatabaseAgainAppliesNothing() throws SQLException {
        DataSource ds = POSTGRES.newDatabase();
        Database.migrate(ds);
        int applied = historyRows(ds);

        Database.migrate(ds);

        assertThat(historyRows(ds)).isEqualTo(applied).isEqualTo(flyway(ds).info().applied().length);
        assertThat(flyway(ds).info().pending()).isEmpty();
    }

    @Test
    void postgresAndH2EndUpWithTheSameTablesAndColumns() throws SQLException {
        DataSource postgres = POSTGRES.newDatabase();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + temp.resolve("crossnet") + ";DB_CLOSE_ON_EXIT=FALSE");
        h2.setUser("sa");
        Database.migrate(postgres);
        Database.migrate(h2);

        List<String> onPostgres;
        List<String> onH2;
        try (Connection c = postgres.getConnection()) {
            onPostgres = columns(c, "public");
        }
        try (Connection c = h2.getConnection()) {
            onH2 = columns(c, "PUBLIC");
        }
        assertThat(onPostgres).hasSize(2 + 16 + 19 + 5 + 8).containsExactlyElementsOf(onH2);
    }

    private static int historyRows(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\"")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The catalogue's columns as "table.column type[(length)] [NOT ]NULL", sorted, from the standard information
     * schema (both databases have one), leaving out Flyway's history table.
     */
    private static List<String> columns(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, column_name, data_type, "
                + "character_maximum_length, is_nullable FROM information_schema.columns WHERE table_schema = ? "
                + "AND LOWER(table_name) <> 'flyway_schema_history'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString("data_type").toLowerCase(Locale.ROOT);
                    type = SAME_TYPE.getOrDefault(type, type);
                    long length = rs.getLong("character_maximum_length");
                    // only character types carry a declared length on both sides; H2 also reports one for binary
                    String declared = type.startsWith("character") && !rs.wasNull() ? "(" + length + ")" : "";
                    out.add(rs.getString("table_name").toLowerCase(Locale.ROOT) + "."
                            + rs.getString("column_name").toLowerCase(Locale.ROOT) + " " + type + declared
                            + ("YES".equals(rs.getString("is_nullable")) ? " NULL" : " NOT NULL"));
                }
            }
        }
        out.sort(null);
        return out;
    }
}

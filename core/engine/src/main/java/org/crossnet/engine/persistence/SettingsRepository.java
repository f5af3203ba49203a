package org.crossnet.engine.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** Named settings the gateway keeps across restarts (adapter enablement, the last event id). Thread-safe. */
public final class SettingsRepository {
    private final Database database;

    public SettingsRepository(Database database) {
        this.database = database;
    }

    public Optional<String> get(String name) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM setting WHERE setting_key = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Inserts or replaces; serialised so two writers of a new key in this process cannot collide. */
    public synchronized void put(String name, String value) {
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE setting SET setting_value = ? WHERE setting_key = ?")) {
                update.setString(1, value);
                update.setString(2, name);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO setting (setting_key, setting_value) VALUES (?, ?)")) {
                        insert.setString(1, name);
                        insert.setString(2, value);
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
    }
}

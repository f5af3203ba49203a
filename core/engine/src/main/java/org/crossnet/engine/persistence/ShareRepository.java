package org.crossnet.engine.persistence;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.ShareId;

/** The share library in the catalogue. Thread-safe; every call is one transaction. */
public final class ShareRepository {
    private static final String COLUMNS = "id, path, name, size, mtime_millis, state, detail, added_at, "
            + ContentColumns.NAMES + ", ed2k_parts, torrent_info, piece_length";

    private final Database database;

    public ShareRepository(Database database) {
        this.database = database;
    }

    /** Inserts or replaces the row. */
    public void save(ShareRow row) {
        database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM share WHERE id = ?")) {
                delete.setObject(1, row.id().value());
                delete.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO share (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, row.id().value());
                ps.setString(2, row.path().toString());
                ps.setString(3, row.name());
                ps.setLong(4, row.size());
                ps.setLong(5, row.mtimeMillis());
                ps.setString(6, row.state().name());
                ps.setString(7, row.detail());
                // an offset date-time, not a java.sql.Timestamp: H2 turns a Timestamp into local time in the
                // session zone first, which puts an instant in a daylight-saving overlap an hour off
                ps.setObject(8, row.addedAt().atOffset(ZoneOffset.UTC));
                int i = ContentColumns.bind(ps, 9, row.content());
                ps.setBytes(i++, row.ed2kParts().isEmpty() ? null : concat(row.ed2kParts()));
                ps.setBytes(i++, row.torrentInfo() == null ? null : row.torrentInfo().toArray());
                if (row.pieceLength() > 0) {
                    ps.setInt(i, row.pieceLength());
                } else {
                    ps.setNull(i, Types.INTEGER);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void delete(ShareId id) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM share WHERE id = ?")) {
                ps.setObject(1, id.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every share, oldest first. */
    public List<ShareRow> findAll() {
        return database.inTransaction(c -> {
            List<ShareRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM share ORDER BY added_at, path");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("name");
                    long size = rs.getLong("size");
                    byte[] info = rs.getBytes("torrent_info");
                    rows.add(new ShareRow(new ShareId(rs.getObject("id", UUID.class)), Path.of(rs.getString("path")),
                            name, size, rs.getLong("mtime_millis"), ShareState.valueOf(rs.getString("state")),
                            rs.getString("detail"), rs.getObject("added_at", OffsetDateTime.class).toInstant(),
                            ContentColumns.read(rs, size, name), split(rs.getBytes("ed2k_parts")),
                            info == null ? null : Bytes.of(info), rs.getInt("piece_length")));
                }
            }
            return rows;
        });
    }

    private static byte[] concat(List<Ed2kHash> parts) {
        byte[] out = new byte[parts.size() * Ed2kHash.LENGTH];
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i).bytes().toArray(), 0, out, i * Ed2kHash.LENGTH, Ed2kHash.LENGTH);
        }
        return out;
    }

    private static List<Ed2kHash> split(byte[] data) {
        if (data == null) {
            return List.of();
        }
        List<Ed2kHash> parts = new ArrayList<>(data.length / Ed2kHash.LENGTH);
        for (int off = 0; off + Ed2kHash.LENGTH <= data.length; off += Ed2kHash.LENGTH) {
            parts.add(new Ed2kHash(Bytes.of(java.util.Arrays.copyOfRange(data, off, off + Ed2kHash.LENGTH))));
        }
        return parts;
    }
}

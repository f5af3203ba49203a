package org.crossnet.engine.persistence;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;

/** Transfers in the catalogue. Thread-safe; every call is one transaction. */
public final class TransferRepository {
    private static final String COLUMNS = "id, name, state, size, " + ContentColumns.NAMES
            + ", peers, trackers, metainfo, path, detail, added_at, resume_data, download_limit, upload_limit,"
            + " network_peers";

    /** Joins a file's relative path components in {@code transfer_file.path}; sanitised components never hold it. */
    private static final String PATH_SEPARATOR = "/";

    private final Database database;

    public TransferRepository(Database database) {
        this.database = database;
    }

    /** Inserts or replaces the row, with its file list. */
    public void save(TransferRow row) {
        database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM transfer WHERE id = ?")) {
                delete.setObject(1, row.id().value());
                delete.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO transfer (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, row.id().value());
                ps.setString(2, row.name());
                ps.setString(3, row.state().name());
                ps.setLong(4, row.content().size());
                int i = ContentColumns.bind(ps, 5, row.content());
                ps.setString(i++, String.join("\n", row.peers()));
                ps.setString(i++, String.join("\n", row.trackers()));
                ps.setBytes(i++, row.metainfo() == null ? null : row.metainfo().toArray());
                ps.setString(i++, row.path() == null ? null : row.path().toString());
                ps.setString(i++, row.detail());
                // an offset date-time, not a java.sql.Timestamp: H2 turns a Timestamp into local time in the
                // session zone first, which puts an instant in a daylight-saving overlap an hour off
                ps.setObject(i++, row.addedAt().atOffset(ZoneOffset.UTC));
                ps.setBytes(i++, row.resumeData());
                ps.setLong(i++, row.downloadLimit());
                ps.setLong(i++, row.uploadLimit());
                ps.setString(i, networkPeersText(row.networkPeers()));
                ps.executeUpdate();
            }
            // the delete above removed the old file list (ON DELETE CASCADE)
            if (!row.files().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO transfer_file "
                        + "(transfer_id, idx, path, length, file_offset) VALUES (?, ?, ?, ?, ?)")) {
                    int idx = 0;
                    for (ContentFile f : row.files()) {
                        ps.setObject(1, row.id().value());
                        ps.setInt(2, idx++);
                        ps.setString(3, String.join(PATH_SEPARATOR, f.path()));
                        ps.setLong(4, f.length());
                        ps.setLong(5, f.offset());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    /** Updates state, detail, path and resume data of an existing row. */
    public void updateProgress(TransferId id, TransferState state, String detail, Path path, byte[] resumeData) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE transfer SET state = ?, detail = ?, path = ?, resume_data = ? WHERE id = ?")) {
                ps.setString(1, state.name());
                ps.setString(2, detail);
                ps.setString(3, path == null ? null : path.toString());
                ps.setBytes(4, resumeData);
                ps.setObject(5, id.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Updates the rate limits of an existing row (bytes/second, 0 = none). */
    public void updateLimits(TransferId id, long downloadLimit, long uploadLimit) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE transfer SET download_limit = ?, upload_limit = ? WHERE id = ?")) {
                ps.setLong(1, downloadLimit);
                ps.setLong(2, uploadLimit);
                ps.setObject(3, id.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void delete(TransferId id) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM transfer WHERE id = ?")) {
                ps.setObject(1, id.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every transfer with its file list, oldest first. */
    public List<TransferRow> findAll() {
        return database.inTransaction(c -> {
            Map<UUID, List<ContentFile>> files = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT transfer_id, path, length, file_offset "
                    + "FROM transfer_file ORDER BY transfer_id, idx");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.computeIfAbsent(rs.getObject("transfer_id", UUID.class), k -> new ArrayList<>())
                            .add(new ContentFile(Arrays.asList(rs.getString("path").split(PATH_SEPARATOR, -1)),
                                    rs.getLong("length"), rs.getLong("file_offset")));
                }
            }
            List<TransferRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM transfer ORDER BY added_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("name");
                    ContentId content = ContentColumns.read(rs, rs.getLong("size"), name);
                    byte[] meta = rs.getBytes("metainfo");
                    String path = rs.getString("path");
                    UUID id = rs.getObject("id", UUID.class);
                    rows.add(new TransferRow(new TransferId(id), name,
                            TransferState.valueOf(rs.getString("state")), content, lines(rs.getString("peers")),
                            lines(rs.getString("trackers")), meta == null ? null : Bytes.of(meta),
                            path == null ? null : Path.of(path), rs.getString("detail"),
                            rs.getObject("added_at", OffsetDateTime.class).toInstant(), rs.getBytes("resume_data"),
                            files.getOrDefault(id, List.of()), rs.getLong("download_limit"),
                            rs.getLong("upload_limit"), networkPeers(rs.getString("network_peers"))));
                }
            }
            return rows;
        });
    }

    /** {@code network_peers}: one {@code <network id> <host:port>} per line; null when there are none. */
    private static String networkPeersText(Map<NetworkId, List<String>> peers) {
        if (peers.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        peers.forEach((network, addresses) -> addresses.forEach(a -> lines.add(network.value() + " " + a)));
        return String.join("\n", lines);
    }

    /**
     * Reads {@code network_peers}. A line that does not start with a network id and a space is skipped: the peers
     * are only hints where to look first, and a hand-edited catalogue must not stop the transfer from loading.
     */
    private static Map<NetworkId, List<String>> networkPeers(String text) {
        Map<NetworkId, List<String>> out = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int space = line.indexOf(' ');
            if (space <= 0 || space == line.length() - 1) {
                continue;
            }
            try {
                out.computeIfAbsent(new NetworkId(line.substring(0, space)), n -> new ArrayList<>())
                        .add(line.substring(space + 1));
            } catch (IllegalArgumentException e) {
                // not a network id: skipped as above
            }
        }
        return out;
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
}

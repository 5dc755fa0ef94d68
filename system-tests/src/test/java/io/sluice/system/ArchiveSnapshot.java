package io.sluice.system;

import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.model.ArchivedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets the end-to-end tests keep asking SQL questions of the archive: decodes every chunk of the
 * archive database into the table {@value #TABLE} (one row per event, the columns of the old
 * row-per-event layout, no unique key so that a duplicate would show) and rewrites
 * {@code log_event} in a query to it.
 */
final class ArchiveSnapshot {

    static final String TABLE = "archived_event_snapshot";

    private ArchiveSnapshot() {
    }

    /** {@code query} run against a fresh snapshot when it reads {@code log_event}; otherwise unchanged. */
    static String prepare(Connection c, String query) throws SQLException {
        if (!query.contains("log_event")) {
            return query;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (tenant VARCHAR(64) NOT NULL, event_id CHAR(32) NOT NULL,"
                    + " ts_nanos BIGINT NOT NULL, service VARCHAR(128) NOT NULL, host VARCHAR(255) NOT NULL, level VARCHAR(16) NOT NULL,"
                    + " message MEDIUMTEXT NOT NULL, attributes JSON NULL, fields JSON NULL) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin");
            s.execute("DELETE FROM " + TABLE);
        }
        List<ArchivedEvent> events = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.tenant, c.data, st.service, st.host FROM log_chunk c JOIN log_stream st ON st.stream_id = c.stream_id"
                        + " WHERE c.superseded_at IS NULL")) {
            while (rs.next()) {
                events.addAll(ChunkCodec.decode(rs.getBytes(2), rs.getString(1), rs.getString(3), rs.getString(4), ""));
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                + " (tenant, event_id, ts_nanos, service, host, level, message, attributes, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ArchivedEvent e : events) {
                insert.setString(1, e.tenant());
                insert.setString(2, e.id());
                insert.setLong(3, e.timestampNanos());
                insert.setString(4, e.service());
                insert.setString(5, e.host());
                insert.setString(6, e.level());
                insert.setString(7, e.message());
                insert.setString(8, e.attributesJson());
                insert.setString(9, e.fieldsJson());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return query.replace("log_event", TABLE);
    }
}

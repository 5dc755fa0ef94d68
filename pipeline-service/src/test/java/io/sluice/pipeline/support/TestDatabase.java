package io.sluice.pipeline.support;

import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ChunkRows;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A uniquely named database on the test MariaDB (127.0.0.1:3306), dropped by {@link #drop()}. */
public final class TestDatabase {

    private final String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    /** The value for {@code sluice.mysql.url}. */
    public String url() {
        return "mysql://root@127.0.0.1:3306/" + name;
    }

    /** A new JDBC connection to this database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + name, "root", "");
    }

    /** Number of {@code tenant}'s archived events (sum of the chunks' index rows). */
    public long archivedCount(String tenant) {
        return queryLong("SELECT COALESCE(SUM(events), 0) FROM log_chunk WHERE superseded_at IS NULL AND tenant = '" + tenant.replace("'", "''") + "'");
    }

    /** Number of archived events of every tenant. */
    public long archivedCount() {
        return queryLong("SELECT COALESCE(SUM(events), 0) FROM log_chunk WHERE superseded_at IS NULL");
    }

    /**
     * Number of {@code tenant}'s archived events of level {@code level}, summed from the chunks'
     * {@code level_counts} index column, without decoding a chunk.
     */
    public long archivedCount(String tenant, String level) {
        long total = 0;
        for (String counts : queryColumnOrNone("SELECT level_counts FROM log_chunk WHERE superseded_at IS NULL AND tenant = '" + tenant.replace("'", "''") + "'")) {
            total += ChunkRows.decodeLevels(counts).getOrDefault(level, 0L);
        }
        return total;
    }

    /** Every archived event of {@code tenant}, decoded from its chunks. */
    public List<ArchivedEvent> archived(String tenant) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT c.data, s.service, s.host FROM log_chunk c"
                + " JOIN log_stream s ON s.stream_id = c.stream_id WHERE c.tenant = ? AND c.superseded_at IS NULL ORDER BY c.min_ts")) {
            s.setString(1, tenant);
            List<ArchivedEvent> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.addAll(ChunkCodec.decode(rs.getBytes(1), tenant, rs.getString(2), rs.getString(3), ""));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every archived event of every tenant, decoded from the chunks. */
    public List<ArchivedEvent> archivedAll() {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT c.data, c.tenant, s.service, s.host FROM log_chunk c"
                + " JOIN log_stream s ON s.stream_id = c.stream_id WHERE c.superseded_at IS NULL ORDER BY c.min_ts")) {
            List<ArchivedEvent> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.addAll(ChunkCodec.decode(rs.getBytes(1), rs.getString(2), rs.getString(3), rs.getString(4), ""));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ids of {@code tenant}'s archived events (a duplicate would appear twice). */
    public List<String> archivedIds(String tenant) {
        return archived(tenant).stream().map(ArchivedEvent::id).toList();
    }

    /** The archived event with id {@code id} of {@code tenant}. */
    public ArchivedEvent archivedEvent(String tenant, String id) {
        return archived(tenant).stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    /** The first column of every row of {@code sql}, as text. */
    public List<String> queryColumn(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #queryColumn}, but no rows when the table does not exist yet. */
    private List<String> queryColumnOrNone(String sql) {
        try {
            return queryColumn(sql);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException s && s.getErrorCode() == 1146) {
                return List.of();
            }
            throw e;
        }
    }

    /** The first column of the first row of {@code sql}, as a long; 0 when the table does not exist yet. */
    public long queryLong(String sql) {
        try {
            return Long.parseLong(queryColumn(sql).get(0));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException s && s.getErrorCode() == 1146) {
                return 0;
            }
            throw e;
        }
    }

    /** Drops the database. */
    public void drop() {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

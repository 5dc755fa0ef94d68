package io.sluice.pipeline.support;

import java.sql.Connection;
import java.sql.DriverManager;
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

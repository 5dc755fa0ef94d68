package io.sluice.platform.tenant;

import io.sluice.platform.mysql.MysqlUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A uniquely named database on the test MariaDB (127.0.0.1:3306), dropped by {@link #drop()}. */
final class TestDatabase {

    final MysqlUrl url = MysqlUrl.parse("mysql://root@127.0.0.1:3306/sluice_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));

    /** The value for {@code sluice.mysql.url}. */
    String url() {
        return "mysql://root@127.0.0.1:3306/" + url.database();
    }

    /** The first column of the first row of {@code sql} as text, null when there is no row. */
    String query(String sql) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs an update. */
    void update(String sql) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void drop() {
        try (Connection c = DriverManager.getConnection(url.jdbcServerUrl(), url.user(), url.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + url.database() + "`");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.sluice.logstore;

import io.sluice.platform.mysql.MysqlUrl;
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

    private final MysqlUrl url;

    public TestDatabase() {
        this("t_");
    }

    /** A database whose name starts with {@code prefix} (so a test's databases are recognisable). */
    public TestDatabase(String prefix) {
        url = MysqlUrl.parse("mysql://root@127.0.0.1:3306/" + prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /** The value for {@code sluice.mysql.url}. */
    public String url() {
        return "mysql://" + url.user() + "@" + url.host() + ":" + url.port() + "/" + url.database();
    }

    /** The database name. */
    public String name() {
        return url.database();
    }

    /** A new JDBC connection to this database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    /** The first column of the first row of {@code sql}, as a long. */
    public long queryLong(String sql) {
        List<String> rows = queryColumn(sql);
        return Long.parseLong(rows.get(0));
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

    /** Drops the database. */
    public void drop() {
        try (Connection c = DriverManager.getConnection(url.jdbcServerUrl(), url.user(), url.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + url.database() + "`");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

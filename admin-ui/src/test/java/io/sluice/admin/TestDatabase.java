package io.sluice.admin;

import io.sluice.platform.mysql.MysqlUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A uniquely named database on the test MariaDB (127.0.0.1:3306), so test classes never share data. */
public final class TestDatabase {

    private final MysqlUrl url = MysqlUrl.parse(
            "mysql://root@127.0.0.1:3306/t_admin_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));

    /** The value for {@code sluice.mysql.url}; the application creates the database on start-up. */
    public String url() {
        return "mysql://" + url.user() + "@" + url.host() + ":" + url.port() + "/" + url.database();
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

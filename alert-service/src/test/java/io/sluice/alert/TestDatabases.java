package io.sluice.alert;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The clean-up every alert-service test with a database of its own ends with. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** Drops database {@code name} on the test MariaDB (127.0.0.1:3306), if it exists. */
    static void drop(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}

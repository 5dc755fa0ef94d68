package io.sluice.platform.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * Applies a module's versioned schema migrations (Flyway over JDBC, at start-up only; all runtime
 * access is R2DBC). Each module keeps its own migration folder and history table, so services
 * that share a database migrate independently. Creates the database first when it is missing.
 */
public class SchemaMigrator {

    private final MysqlUrl url;

    /** Migrates the database at {@code url}. */
    public SchemaMigrator(MysqlUrl url) {
        this.url = url;
    }

    /**
     * Applies the migrations under {@code classpath:location}, recording them in {@code historyTable}.
     * Blocking: call from start-up code, never from an event loop.
     */
    public void migrate(String location, String historyTable) {
        createDatabaseIfMissing();
        Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:" + location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    private void createDatabaseIfMissing() {
        try (Connection c = DriverManager.getConnection(url.jdbcServerUrl(), url.user(), url.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + url.database() + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach MySQL at " + url.host() + ":" + url.port() + " to create database '" + url.database() + "': " + e.getMessage(), e);
        }
    }
}

package io.sluice.logstore.schema;

import io.sluice.platform.mysql.SchemaMigrator;
import org.springframework.beans.factory.InitializingBean;

/**
 * The archive's tables: applies the versioned migrations under {@code classpath:db/logstore}
 * (history table {@code flyway_history_logstore}) when the bean is initialised, so that the
 * writer and the search, which depend on this bean, never run against a missing schema.
 * Initialisation blocks on JDBC; it runs on the thread that starts the application context.
 */
public class ArchiveSchema implements InitializingBean {

    /** Classpath folder of the migrations. */
    public static final String LOCATION = "db/logstore";
    /** Flyway history table of this module. */
    public static final String HISTORY_TABLE = "flyway_history_logstore";

    private final SchemaMigrator migrator;
    private volatile boolean migrated;

    /** Migrates through {@code migrator}. */
    public ArchiveSchema(SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public void afterPropertiesSet() {
        migrator.migrate(LOCATION, HISTORY_TABLE);
        migrated = true;
    }

    /** Whether the migrations have been applied. */
    public boolean migrated() {
        return migrated;
    }
}

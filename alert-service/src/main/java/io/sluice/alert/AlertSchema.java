package io.sluice.alert;

import io.sluice.platform.mysql.SchemaMigrator;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies alert-service's migrations ({@code classpath:db/alert}, history table
 * {@code flyway_history_alert}) when the application context starts, before any bean that reads
 * the tables is used. Blocking, on the start-up thread only.
 */
public class AlertSchema implements InitializingBean {

    private final SchemaMigrator migrator;

    /** Migrates through {@code migrator}. */
    public AlertSchema(SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public void afterPropertiesSet() {
        migrator.migrate("db/alert", "flyway_history_alert");
    }
}

package io.sluice.logstore.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.logstore.TestArchive;
import io.sluice.logstore.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchiveSchemaTest {

    static TestArchive archive;
    static TestDatabase db;

    @BeforeAll
    static void start() {
        archive = new TestArchive();
        db = archive.database();
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    @Test
    void startingTheContextCreatesTheDatabaseAndTheLogEventTable() {
        assertThat(archive.bean(ArchiveSchema.class).migrated()).isTrue();
        assertThat(db.queryColumn("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db.name()
                + "' AND TABLE_NAME = 'log_event' ORDER BY ORDINAL_POSITION"))
                .containsExactly("tenant", "event_id", "ts_nanos", "service", "host", "level", "message", "attributes", "fields");
    }

    @Test
    void primaryKeyIsTenantAndEventIdAndTheTimeIndexesExist() {
        assertThat(db.queryColumn("SELECT CONCAT(INDEX_NAME, ':', GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX)) FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = '" + db.name() + "' AND TABLE_NAME = 'log_event' GROUP BY INDEX_NAME ORDER BY INDEX_NAME"))
                .containsExactlyInAnyOrder("PRIMARY:tenant,event_id", "idx_log_event_tenant_service_ts:tenant,service,ts_nanos",
                        "idx_log_event_tenant_ts:tenant,ts_nanos");
    }

    @Test
    void messageIsCaseSensitiveUtf8mb4AndEventIdIsAscii() {
        assertThat(db.queryColumn("SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db.name()
                + "' AND TABLE_NAME = 'log_event' AND COLUMN_NAME IN ('message', 'event_id') ORDER BY COLUMN_NAME"))
                .containsExactly("ascii_bin", "utf8mb4_bin");
    }

    @Test
    void migrationIsRecordedInTheModulesOwnHistoryTableAndRerunningIsANoOp() {
        assertThat(db.queryLong("SELECT COUNT(*) FROM flyway_history_logstore WHERE version = '1' AND success = 1")).isEqualTo(1);
        archive.bean(ArchiveSchema.class).afterPropertiesSet();
        assertThat(db.queryLong("SELECT COUNT(*) FROM flyway_history_logstore WHERE version = '1'")).isEqualTo(1);
    }
}

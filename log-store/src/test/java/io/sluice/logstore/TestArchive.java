package io.sluice.logstore;

import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** A {@link LogStoreConfiguration} context on its own {@link TestDatabase}; closing drops the database. */
public final class TestArchive implements AutoCloseable {

    private final TestDatabase database;
    private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

    public TestArchive() {
        this(Map.of());
    }

    /** A context with {@code properties} on top of the test database's URL. */
    public TestArchive(Map<String, Object> properties) {
        this("t_", properties);
    }

    /** A context with {@code properties} on a test database named {@code databasePrefix…}. */
    public TestArchive(String databasePrefix, Map<String, Object> properties) {
        database = new TestDatabase(databasePrefix);
        Map<String, Object> all = new java.util.HashMap<>();
        all.put("sluice.logstore.retention.enabled", "false");
        all.put("sluice.logstore.compaction.enabled", "false");
        all.putAll(properties);
        all.put("sluice.mysql.url", database.url());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", all));
        context.register(LogStoreConfiguration.class);
        context.refresh();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public TestDatabase database() {
        return database;
    }

    @Override
    public void close() {
        context.close();
        database.drop();
    }
}

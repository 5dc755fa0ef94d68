package io.sluice.logstore;

import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** A {@link LogStoreConfiguration} context on its own {@link TestDatabase}; closing drops the database. */
public final class TestArchive implements AutoCloseable {

    private final TestDatabase database = new TestDatabase();
    private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

    public TestArchive() {
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("sluice.mysql.url", database.url())));
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

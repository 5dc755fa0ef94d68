package io.sluice.pipeline.mine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.pipeline.PipelineConfiguration;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** One pipeline instance on the test Redis and database, with a reader of the template ids it archived. */
final class MiningPipeline implements AutoCloseable {

    private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    private final ArchivedTemplates archive;

    MiningPipeline(TestRedis redis, TestDatabase database, String consumerName) {
        this(redis, database, consumerName, Map.of());
    }

    /** As above, with {@code overrides} applied last. */
    MiningPipeline(TestRedis redis, TestDatabase database, String consumerName, Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("sluice.redis.url", TestRedis.URL);
        props.put("sluice.redis.key-prefix", redis.prefix());
        props.put("sluice.mysql.url", database.url());
        props.put("sluice.pipeline.consumer-name", consumerName);
        props.put("sluice.pipeline.block", "200ms");
        props.put("sluice.pipeline.claim-interval", "200ms");
        props.put("sluice.pipeline.claim-min-idle", "1s");
        props.put("sluice.pipeline.trim-interval", "1h");
        props.put("sluice.pipeline.mining.flush-interval", "300ms");
        props.putAll(overrides);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", props));
        context.registerBean(MeterRegistry.class, SimpleMeterRegistry::new);
        context.register(PipelineConfiguration.class);
        context.refresh();
        archive = new ArchivedTemplates(database);
    }

    ArchivedTemplates archive() {
        return archive;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}

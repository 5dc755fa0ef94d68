package io.sluice.pipeline.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.pipeline.PipelineConfiguration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** One pipeline instance (a {@link PipelineConfiguration} context) on the test Redis and database. */
public final class PipelineContext implements AutoCloseable {

    private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

    /** Starts a pipeline with fast test timings, overridden by {@code overrides}. */
    public PipelineContext(TestRedis redis, TestDatabase database, Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("sluice.redis.url", TestRedis.URL);
        props.put("sluice.redis.key-prefix", redis.prefix());
        props.put("sluice.mysql.url", database.url());
        props.put("sluice.pipeline.block", "200ms");
        props.put("sluice.pipeline.claim-interval", "200ms");
        props.put("sluice.pipeline.claim-min-idle", "1s");
        props.put("sluice.pipeline.trim-interval", "1h");
        props.putAll(overrides);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", props));
        context.registerBean(MeterRegistry.class, SimpleMeterRegistry::new);
        context.register(PipelineConfiguration.class);
        context.refresh();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}

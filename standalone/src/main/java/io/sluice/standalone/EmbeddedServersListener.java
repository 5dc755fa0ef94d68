package io.sluice.standalone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the standalone its "no installs" default: before the application context exists, starts
 * an embedded Redis when {@code sluice.redis.url} (env {@code SLUICE_REDIS_URL}) is not set, and an
 * embedded MariaDB when {@code sluice.mysql.url} (env {@code SLUICE_MYSQL_URL}) is not set, and
 * points Sluice at them. Stops them when the context closes.
 */
final class EmbeddedServersListener implements SmartApplicationListener {

    private final List<AutoCloseable> started = new ArrayList<>();

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ContextClosedEvent.class.isAssignableFrom(eventType)
                || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            startWhatIsMissing(prepared.getEnvironment());
        } else {
            stopAll();
        }
    }

    private void startWhatIsMissing(ConfigurableEnvironment environment) {
        StandaloneProperties props = Binder.get(environment)
                .bindOrCreate("sluice.standalone", StandaloneProperties.class);
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (!environment.containsProperty("sluice.redis.url")) {
            EmbeddedRedis redis = EmbeddedRedis.start(props.dataDir().resolve("redis"), props.embeddedRedisPort());
            started.add(redis);
            overrides.put("sluice.redis.url", redis.url());
        }
        if (!environment.containsProperty("sluice.mysql.url")) {
            EmbeddedMariaDb db = EmbeddedMariaDb.start(props.dataDir().resolve("mariadb"), props.embeddedMysqlPort());
            started.add(db);
            overrides.put("sluice.mysql.url", db.url());
        }
        if (!overrides.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("sluiceEmbeddedServers", overrides));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "sluice-embedded-servers-stop"));
    }

    private synchronized void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // stopping is best effort; the servers die with the JVM anyway
            }
        }
        started.clear();
    }
}

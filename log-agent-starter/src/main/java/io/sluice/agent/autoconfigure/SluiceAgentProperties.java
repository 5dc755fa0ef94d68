package io.sluice.agent.autoconfigure;

import io.sluice.agent.core.AgentConfig;
import io.sluice.agent.core.LocalHost;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * How the application's logs are shipped to Sluice.
 *
 * @param enabled whether the agent is installed (env {@code SLUICE_AGENT_ENABLED})
 * @param endpoint gRPC target of Sluice ingest, {@code host:port} (env {@code SLUICE_AGENT_ENDPOINT})
 * @param serviceName the {@code service} label of every event; default {@code spring.application.name},
 *     else {@code unknown}
 * @param host the {@code host} label of every event; default the {@code HOSTNAME} environment
 *     variable, else the local host name
 * @param loggers names of the loggers the appender is attached to ({@code ROOT} ships everything;
 *     {@code com.example} ships only that logger and its children)
 * @param batchSize most events sent in one call
 * @param linger longest time an event waits for its batch to fill
 * @param queueCapacity most events held in memory while ingest is slow or down; more are dropped
 *     (lower levels first) and counted
 * @param sendTimeout deadline of one call to ingest
 * @param maxRetryBackoff longest pause between resends of a batch ingest did not acknowledge
 * @param shutdownTimeout how long closing the application may spend sending what is queued
 */
@ConfigurationProperties("sluice.agent")
public record SluiceAgentProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("localhost:4317") String endpoint,
        String serviceName,
        String host,
        @DefaultValue("ROOT") List<String> loggers,
        @DefaultValue("500") int batchSize,
        @DefaultValue("200ms") Duration linger,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("5s") Duration maxRetryBackoff,
        @DefaultValue("5s") Duration shutdownTimeout) {

    /** The agent configuration these properties describe, defaults resolved against {@code environment}. */
    public AgentConfig toAgentConfig(Environment environment) {
        String service = hasText(serviceName) ? serviceName : environment.getProperty("spring.application.name", "unknown");
        return new AgentConfig(endpoint, hasText(service) ? service : "unknown", hasText(host) ? host : LocalHost.name(),
                batchSize, linger, queueCapacity, sendTimeout, AgentConfig.DEFAULT_INITIAL_RETRY_BACKOFF,
                maxRetryBackoff, shutdownTimeout);
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}

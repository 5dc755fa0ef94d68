package io.sluice.agent.autoconfigure;

import io.sluice.agent.core.AgentConfig;
import io.sluice.agent.core.Compression;
import io.sluice.agent.core.LocalHost;
import io.sluice.agent.core.RuntimeContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * How the application's logs are shipped to Sluice.
 *
 * @param enabled whether the agent is installed (env {@code SLUICE_AGENT_ENABLED})
 * @param endpoint gRPC targets of Sluice ingest, comma-separated {@code host:port}, balanced round
 *     robin with unhealthy endpoints skipped (env {@code SLUICE_AGENT_ENDPOINT})
 * @param serviceName the {@code service} label of every event; default {@code spring.application.name},
 *     else {@code unknown}
 * @param host the {@code host} label of every event; default the {@code HOSTNAME} environment
 *     variable, else the local host name
 * @param loggers names of the loggers the appender is attached to ({@code ROOT} ships everything;
 *     {@code com.example} ships only that logger and its children)
 * @param batchSize most events sent in one call
 * @param batchBytes most encoded bytes sent in one call
 * @param linger longest time an event waits for its batch to fill
 * @param queueCapacity events held in memory between the application's threads and the agent's
 *     thread (rounded up to a power of two); when full, lower levels are dropped first and counted
 * @param sendTimeout deadline of one call to ingest
 * @param maxRetryBackoff longest pause between resends of a batch ingest did not acknowledge
 * @param shutdownTimeout how long closing the application may spend sending what is queued; the
 *     rest is spooled
 * @param compression {@code zstd} (default; an ingest that cannot read it gets gzip), {@code gzip} or {@code none}
 * @param spool the disk spool of batches not yet acknowledged
 * @param apiKey API key sent to ingest as {@code authorization: Bearer <key>} (env
 *     {@code SLUICE_AGENT_API_KEY}); none by default. A refused key is reported loudly and the
 *     batches are kept (spooled) and sent again every {@code max-retry-backoff}
 * @param tenant tenant sent as {@code x-sluice-tenant} (env {@code SLUICE_AGENT_TENANT}); default
 *     the tenant that owns the key
 * @param tls TLS of the connection to ingest
 * @param maxInFlight most calls to ingest waiting for their answer at once
 * @param earlyCapture whether a logging call whose only appender is Sluice's is taken before
 *     Logback builds its event (a turbo filter; about half the logging thread's cost); calls that
 *     also reach other appenders (e.g. the console) go through the appender either way
 */
@ConfigurationProperties("sluice.agent")
public record SluiceAgentProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("localhost:4317") String endpoint,
        String serviceName,
        String host,
        @DefaultValue("ROOT") List<String> loggers,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1MB") DataSize batchBytes,
        @DefaultValue("200ms") Duration linger,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("5s") Duration maxRetryBackoff,
        @DefaultValue("5s") Duration shutdownTimeout,
        @DefaultValue("zstd") Compression compression,
        @DefaultValue Spool spool,
        String apiKey,
        String tenant,
        @DefaultValue Tls tls,
        @DefaultValue("4") int maxInFlight,
        @DefaultValue("true") boolean earlyCapture) {

    /** Environment variable of the API key ({@code SLUICE_AGENT_API_KEY} does not bind to {@code api-key} by itself). */
    static final String API_KEY_ENV = "SLUICE_AGENT_API_KEY";

    /**
     * TLS of the gRPC connection to ingest.
     *
     * @param enabled whether the connection uses TLS
     * @param trustCertificate PEM file of the certificate(s) to trust (e.g. a private CA); default
     *     the JVM's trust store
     */
    public record Tls(@DefaultValue("false") boolean enabled, Path trustCertificate) {
    }

    /**
     * The disk spool: batches that cannot be sent now (ingest down, breaker open, shutting down)
     * are written to checksummed segment files and sent when ingest is back, also after a restart.
     *
     * @param enabled whether the disk spool is used (else a small in-memory one)
     * @param dir directory of the segment files; default {@code ${java.io.tmpdir}/sluice-agent/<service-name>}
     * @param maxSize quota over all segments; above 80% only WARN and ERROR batches are spooled
     * @param segmentSize size at which a segment file is rolled over
     * @param fsync whether every append is forced to disk (slower, survives power loss)
     */
    public record Spool(
            @DefaultValue("true") boolean enabled,
            Path dir,
            @DefaultValue("256MB") DataSize maxSize,
            @DefaultValue("16MB") DataSize segmentSize,
            @DefaultValue("false") boolean fsync) {
    }

    /** The agent configuration these properties describe, defaults resolved against {@code environment}. */
    public AgentConfig toAgentConfig(Environment environment) {
        String service = hasText(serviceName) ? serviceName : environment.getProperty("spring.application.name", "unknown");
        service = hasText(service) ? service : "unknown";
        Spool s = spool == null ? new Spool(true, null, DataSize.ofMegabytes(256), DataSize.ofMegabytes(16), false) : spool;
        Path dir = s.dir() != null ? s.dir() : Path.of(System.getProperty("java.io.tmpdir"), "sluice-agent", service);
        return AgentConfig.defaults(endpoint, service, hasText(host) ? host : LocalHost.name())
                .withBatching(batchSize, linger)
                .withBatchBytes(batchBytes.toBytes())
                .withQueueCapacity(queueCapacity)
                .withTimes(sendTimeout, AgentConfig.DEFAULT_INITIAL_RETRY_BACKOFF, maxRetryBackoff, shutdownTimeout)
                .withCompression(compression)
                .withSpool(s.enabled()
                        ? AgentConfig.SpoolSettings.in(dir, s.maxSize().toBytes(), s.segmentSize().toBytes(), s.fsync())
                        : AgentConfig.SpoolSettings.DISABLED)
                .withStaticAttributes(RuntimeContext.staticAttributes(AppVersion.of(environment)))
                .withAccess(new AgentConfig.Access(hasText(apiKey) ? apiKey : environment.getProperty(API_KEY_ENV), tenant,
                        tls != null && tls.enabled(), tls == null ? null : tls.trustCertificate()))
                .withMaxInFlight(maxInFlight);
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}

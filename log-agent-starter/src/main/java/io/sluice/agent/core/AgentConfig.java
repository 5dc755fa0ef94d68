package io.sluice.agent.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the agent needs to ship events: where ingest is, how events are labelled, and the
 * limits of its queue, batches, retries and disk spool. Validated on construction so a bad value
 * fails at start-up, not on the first send.
 *
 * @param endpoint gRPC targets of ingest, comma-separated {@code host:port} (round robin)
 * @param serviceName value of every event's {@code service} label
 * @param host value of every event's {@code host} label
 * @param batchSize most events sent in one Push call
 * @param batchBytes most encoded bytes of one batch (a single larger event is sent alone)
 * @param linger longest time the first event of a batch waits for the batch to fill
 * @param queueCapacity slots of the in-memory ring (rounded up to a power of two)
 * @param sendTimeout deadline of one Push call
 * @param initialRetryBackoff pause before the first resend of a failed batch
 * @param maxRetryBackoff upper bound of the pause between resends
 * @param shutdownTimeout how long flushing on close may take before the rest is spooled
 * @param compression how batches are compressed on the wire
 * @param spool the disk spool settings
 * @param breakerOpenDuration how long the circuit breaker stays open before probing ingest again
 * @param staticAttributes attributes added to every event (pod, namespace, app version)
 * @param access API key, tenant and TLS of the connection to ingest
 * @param maxInFlight most Push calls waiting for their answer at once
 */
public record AgentConfig(
        String endpoint,
        String serviceName,
        String host,
        int batchSize,
        long batchBytes,
        Duration linger,
        int queueCapacity,
        Duration sendTimeout,
        Duration initialRetryBackoff,
        Duration maxRetryBackoff,
        Duration shutdownTimeout,
        Compression compression,
        SpoolSettings spool,
        Duration breakerOpenDuration,
        Map<String, String> staticAttributes,
        Access access,
        int maxInFlight) {

    /** Default largest batch. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Default largest batch in bytes (1 MB). */
    public static final long DEFAULT_BATCH_BYTES = 1024 * 1024;
    /** Default linger. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);
    /** Default queue capacity. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Default deadline of one Push call. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);
    /** Default first retry pause. */
    public static final Duration DEFAULT_INITIAL_RETRY_BACKOFF = Duration.ofMillis(100);
    /** Default longest retry pause. */
    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(5);
    /** Default time allowed to flush on close. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    /** Default number of Push calls in flight at once. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    /** Default time the circuit breaker stays open. */
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(5);

    public AgentConfig {
        requireText(endpoint, "endpoint");
        requireText(serviceName, "serviceName");
        requireText(host, "host");
        requirePositive(batchSize, "batchSize");
        if (batchBytes <= 0) {
            throw new IllegalArgumentException("batchBytes must be positive, was " + batchBytes);
        }
        requirePositive(queueCapacity, "queueCapacity");
        requireNotNegative(linger, "linger");
        requirePositive(sendTimeout, "sendTimeout");
        requirePositive(initialRetryBackoff, "initialRetryBackoff");
        requirePositive(maxRetryBackoff, "maxRetryBackoff");
        requireNotNegative(shutdownTimeout, "shutdownTimeout");
        requirePositive(breakerOpenDuration, "breakerOpenDuration");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(spool, "spool");
        Objects.requireNonNull(access, "access");
        requirePositive(maxInFlight, "maxInFlight");
        staticAttributes = Map.copyOf(staticAttributes);
        if (maxRetryBackoff.compareTo(initialRetryBackoff) < 0) {
            throw new IllegalArgumentException("maxRetryBackoff (" + maxRetryBackoff + ") must not be below initialRetryBackoff (" + initialRetryBackoff + ")");
        }
        if (endpoints(endpoint).isEmpty()) {
            throw new IllegalArgumentException("endpoint must name at least one host:port");
        }
    }

    /** A configuration with every limit at its default and the spool disabled. */
    public static AgentConfig defaults(String endpoint, String serviceName, String host) {
        return new AgentConfig(endpoint, serviceName, host, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_BYTES, DEFAULT_LINGER,
                DEFAULT_QUEUE_CAPACITY, DEFAULT_SEND_TIMEOUT, DEFAULT_INITIAL_RETRY_BACKOFF, DEFAULT_MAX_RETRY_BACKOFF,
                DEFAULT_SHUTDOWN_TIMEOUT, Compression.ZSTD, SpoolSettings.DISABLED, DEFAULT_BREAKER_OPEN_DURATION, Map.of(), Access.NONE,
                DEFAULT_MAX_IN_FLIGHT);
    }

    /** The endpoints, trimmed, in configured order. */
    public List<String> endpoints() {
        return endpoints(endpoint);
    }

    /** This configuration with another batch size and linger. */
    public AgentConfig withBatching(int newBatchSize, Duration newLinger) {
        return new AgentConfig(endpoint, serviceName, host, newBatchSize, batchBytes, newLinger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, compression, spool, breakerOpenDuration, staticAttributes, access, maxInFlight);
    }

    /** This configuration with another batch byte limit. */
    public AgentConfig withBatchBytes(long newBatchBytes) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, newBatchBytes, linger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, compression, spool, breakerOpenDuration, staticAttributes, access, maxInFlight);
    }

    /** This configuration with another queue capacity. */
    public AgentConfig withQueueCapacity(int newQueueCapacity) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, batchBytes, linger, newQueueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, compression, spool, breakerOpenDuration, staticAttributes, access, maxInFlight);
    }

    /** This configuration with other send, retry and shutdown times. */
    public AgentConfig withTimes(Duration newSendTimeout, Duration newInitialRetryBackoff, Duration newMaxRetryBackoff,
            Duration newShutdownTimeout) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, batchBytes, linger, queueCapacity, newSendTimeout,
                newInitialRetryBackoff, newMaxRetryBackoff, newShutdownTimeout, compression, spool, breakerOpenDuration,
                staticAttributes, access, maxInFlight);
    }

    /** This configuration with another wire compression. */
    public AgentConfig withCompression(Compression newCompression) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, batchBytes, linger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, newCompression, spool, breakerOpenDuration, staticAttributes, access, maxInFlight);
    }

    /** This configuration with other spool settings. */
    public AgentConfig withSpool(SpoolSettings newSpool) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, batchBytes, linger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, compression, newSpool, breakerOpenDuration, staticAttributes, access, maxInFlight);
    }

    /** This configuration with another circuit breaker open time. */
    public AgentConfig withBreakerOpenDuration(Duration newBreakerOpenDuration) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, batchBytes, linger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, compression, spool, newBreakerOpenDuration, staticAttributes, access, maxInFlight);
    }

    /** This configuration with other static attributes. */
    public AgentConfig withStaticAttributes(Map<String, String> newStaticAttributes) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, batchBytes, linger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, compression, spool, breakerOpenDuration, newStaticAttributes, access, maxInFlight);
    }

    /** This configuration with another API key, tenant and TLS setting. */
    public AgentConfig withAccess(Access newAccess) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, batchBytes, linger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, compression, spool, breakerOpenDuration, staticAttributes,
                newAccess, maxInFlight);
    }

    /** This configuration with another limit of calls in flight. */
    public AgentConfig withMaxInFlight(int newMaxInFlight) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, batchBytes, linger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout, compression, spool, breakerOpenDuration, staticAttributes,
                access, newMaxInFlight);
    }

    /**
     * Who the agent is to ingest and how the connection is secured. Ingest answers UNAUTHENTICATED
     * to a wrong or missing key and PERMISSION_DENIED to a tenant the key does not own.
     *
     * @param apiKey sent as {@code authorization: Bearer <key>} on every call; null or blank: none
     * @param tenant sent as {@code x-sluice-tenant} on every call; null or blank: the key's own tenant
     * @param tls whether the channel uses TLS
     * @param trustCertificate PEM file of the certificates to trust; null: the JVM's default trust store
     */
    public record Access(String apiKey, String tenant, boolean tls, Path trustCertificate) {

        /** No key, no tenant, plaintext. */
        public static final Access NONE = new Access(null, null, false, null);

        public Access {
            apiKey = blankToNull(apiKey);
            tenant = blankToNull(tenant);
            if (trustCertificate != null && !tls) {
                throw new IllegalArgumentException("a TLS trust certificate is set but TLS is not enabled");
            }
        }

        /** Whether an API key is sent. */
        public boolean hasApiKey() {
            return apiKey != null;
        }

        @Override
        public String toString() {
            return "Access[apiKey=" + (apiKey == null ? "none" : "***") + ", tenant=" + tenant + ", tls=" + tls
                    + ", trustCertificate=" + trustCertificate + "]";
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /**
     * The disk spool of batches not yet acknowledged.
     *
     * @param enabled whether batches that cannot be sent are written to disk
     * @param dir directory of the segment files
     * @param maxBytes quota over all segments
     * @param segmentBytes size at which a segment is rolled over
     * @param fsync whether every append is forced to disk
     */
    public record SpoolSettings(boolean enabled, Path dir, long maxBytes, long segmentBytes, boolean fsync) {

        /** No spool: batches are retried in memory. */
        public static final SpoolSettings DISABLED = new SpoolSettings(false, null, 0, 0, false);

        public SpoolSettings {
            if (enabled) {
                Objects.requireNonNull(dir, "spool dir");
                if (maxBytes <= 0 || segmentBytes <= 0) {
                    throw new IllegalArgumentException("spool max-size and segment-size must be positive");
                }
            }
        }

        /** An enabled spool in {@code dir}. */
        public static SpoolSettings in(Path dir, long maxBytes, long segmentBytes, boolean fsync) {
            return new SpoolSettings(true, dir, maxBytes, segmentBytes, fsync);
        }
    }

    private static List<String> endpoints(String endpoint) {
        return Arrays.stream(endpoint.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}

package io.sluice.agent.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the agent needs to ship events: where ingest is, how events are labelled, and the
 * limits of its queue, batches and retries. Validated on construction so a bad value fails at
 * start-up, not on the first send.
 *
 * @param endpoint gRPC target of ingest, e.g. {@code localhost:4317}
 * @param serviceName value of every event's {@code service} label
 * @param host value of every event's {@code host} label
 * @param batchSize most events sent in one Push call
 * @param linger longest time the first event of a batch waits for the batch to fill
 * @param queueCapacity most events held in memory; more are dropped and counted
 * @param sendTimeout deadline of one Push call
 * @param initialRetryBackoff pause before the first resend of a failed batch
 * @param maxRetryBackoff upper bound of the pause between resends
 * @param shutdownTimeout how long flushing on close may take before the rest is dropped
 */
public record AgentConfig(
        String endpoint,
        String serviceName,
        String host,
        int batchSize,
        Duration linger,
        int queueCapacity,
        Duration sendTimeout,
        Duration initialRetryBackoff,
        Duration maxRetryBackoff,
        Duration shutdownTimeout) {

    /** Default largest batch. */
    public static final int DEFAULT_BATCH_SIZE = 500;
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

    public AgentConfig {
        requireText(endpoint, "endpoint");
        requireText(serviceName, "serviceName");
        requireText(host, "host");
        requirePositive(batchSize, "batchSize");
        requirePositive(queueCapacity, "queueCapacity");
        requireNotNegative(linger, "linger");
        requirePositive(sendTimeout, "sendTimeout");
        requirePositive(initialRetryBackoff, "initialRetryBackoff");
        requirePositive(maxRetryBackoff, "maxRetryBackoff");
        requireNotNegative(shutdownTimeout, "shutdownTimeout");
        if (maxRetryBackoff.compareTo(initialRetryBackoff) < 0) {
            throw new IllegalArgumentException("maxRetryBackoff (" + maxRetryBackoff + ") must not be below initialRetryBackoff (" + initialRetryBackoff + ")");
        }
    }

    /** A configuration with every limit at its default. */
    public static AgentConfig defaults(String endpoint, String serviceName, String host) {
        return new AgentConfig(endpoint, serviceName, host, DEFAULT_BATCH_SIZE, DEFAULT_LINGER, DEFAULT_QUEUE_CAPACITY,
                DEFAULT_SEND_TIMEOUT, DEFAULT_INITIAL_RETRY_BACKOFF, DEFAULT_MAX_RETRY_BACKOFF, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /** This configuration with another batch size and linger. */
    public AgentConfig withBatching(int newBatchSize, Duration newLinger) {
        return new AgentConfig(endpoint, serviceName, host, newBatchSize, newLinger, queueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout);
    }

    /** This configuration with another queue capacity. */
    public AgentConfig withQueueCapacity(int newQueueCapacity) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, linger, newQueueCapacity, sendTimeout,
                initialRetryBackoff, maxRetryBackoff, shutdownTimeout);
    }

    /** This configuration with other send, retry and shutdown times. */
    public AgentConfig withTimes(Duration newSendTimeout, Duration newInitialRetryBackoff, Duration newMaxRetryBackoff,
            Duration newShutdownTimeout) {
        return new AgentConfig(endpoint, serviceName, host, batchSize, linger, queueCapacity, newSendTimeout,
                newInitialRetryBackoff, newMaxRetryBackoff, newShutdownTimeout);
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

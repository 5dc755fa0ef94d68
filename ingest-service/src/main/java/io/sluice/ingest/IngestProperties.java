package io.sluice.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and behaviour of ingest-service, shared by its HTTP and gRPC inputs.
 *
 * @param enabled whether this JVM runs the ingest service (its HTTP route and gRPC service)
 * @param defaultTenant tenant every event is stored under until authentication assigns one
 * @param maxRequestSize largest accepted request body (HTTP) or message (gRPC); larger requests
 *     are refused before they are buffered (HTTP 413, gRPC RESOURCE_EXHAUSTED)
 * @param maxEventsPerBatch most events one request may carry
 * @param maxMessageLength longest kept message of one event, in UTF-8 bytes; a longer message is
 *     truncated at a character boundary and the event marked {@code sluice.truncated=true}
 * @param idempotencyTtl how long a batch idempotency key is remembered, so a resend within this
 *     time is stored once
 * @param redisTimeout how long a request waits for the buffer append before it is answered with
 *     HTTP 503 / gRPC UNAVAILABLE
 */
@ConfigurationProperties("sluice.ingest")
public record IngestProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("default") String defaultTenant,
        @DefaultValue("5MB") DataSize maxRequestSize,
        @DefaultValue("10000") int maxEventsPerBatch,
        @DefaultValue("256KB") DataSize maxMessageLength,
        @DefaultValue("1h") Duration idempotencyTtl,
        @DefaultValue("5s") Duration redisTimeout) {
}

package io.sluice.ingest.compat;

/**
 * A received gRPC request message: the parsed message, or why its bytes did not parse; plus the
 * bytes themselves, from which the content-hash idempotency key is made.
 *
 * @param message the parsed message, or null when it did not parse
 * @param parseError why it did not parse, or null
 * @param bytes the message as received, for {@link ContentHash}
 * @param <T> the message type
 */
public record Received<T>(T message, String parseError, byte[] bytes) {
}

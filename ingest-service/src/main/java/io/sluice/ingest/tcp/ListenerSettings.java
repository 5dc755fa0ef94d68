package io.sluice.ingest.tcp;

import io.sluice.ingest.intake.Input;
import java.time.Duration;

/**
 * How one socket listener runs, whatever its wire format.
 *
 * @param input the input it feeds (also the {@code listener} metric tag)
 * @param host address to bind
 * @param port port to bind ({@code 0} picks a free one)
 * @param tenant tenant its messages are stored under when they carry no API key; null or blank
 *     when every message must carry a valid key
 * @param maxFrameLength longest kept frame in bytes; longer ones are truncated
 * @param idleTimeout a TCP connection that sends nothing for this long is closed
 * @param maxConnections most TCP connections open at once; more are closed at once
 * @param batchSize most events per buffer append
 * @param linger longest time an event waits for its batch to fill
 * @param queueCapacity UDP only: events waiting for storage; when full, new ones are dropped
 */
public record ListenerSettings(Input input, String host, int port, String tenant, int maxFrameLength,
        Duration idleTimeout, int maxConnections, int batchSize, Duration linger, int queueCapacity) {

    /** The listener's name: its input's metric tag. */
    public String name() {
        return input.tag();
    }

    /** The bound tenant, or null when messages must carry a key. */
    public String boundTenant() {
        return tenant == null || tenant.isBlank() ? null : tenant.strip();
    }
}

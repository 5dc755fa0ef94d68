package io.sluice.ingest.tcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Counters of one socket listener, tagged {@code listener=<name>}:
 * {@code sluice.ingest.listener.received} (frames read), {@code sluice.ingest.listener.stored}
 * (events the buffer confirmed), {@code sluice.ingest.listener.dropped} (events or frames not
 * stored, tagged {@code reason}), {@code sluice.ingest.listener.connections.refused} and the gauge
 * {@code sluice.ingest.listener.connections}. Thread-safe.
 */
public final class ListenerMetrics {

    /** Drop reasons (the {@code reason} tag). */
    public enum Reason {
        /** Not a message of the listener's format. */
        MALFORMED,
        /** No bound tenant and no valid API key. */
        UNAUTHENTICATED,
        /** Rejected by the shared event validation. */
        INVALID,
        /** The tenant is over its rate limit (UDP only; TCP waits and retries). */
        RATE_LIMITED,
        /** The buffer was unavailable (UDP only; TCP waits and retries). */
        UNAVAILABLE,
        /** The UDP queue was full. */
        OVERFLOW
    }

    private final MeterRegistry registry;
    private final String listener;
    private final Counter received;
    private final Counter stored;
    private final Counter refusedConnections;
    private final Map<Reason, Counter> dropped = new ConcurrentHashMap<>();

    /** Registers the counters of {@code listener} on {@code registry}. */
    public ListenerMetrics(MeterRegistry registry, String listener) {
        this.registry = registry;
        this.listener = listener;
        this.received = Counter.builder("sluice.ingest.listener.received").description("Frames read")
                .tag("listener", listener).register(registry);
        this.stored = Counter.builder("sluice.ingest.listener.stored").description("Events stored in the buffer")
                .tag("listener", listener).register(registry);
        this.refusedConnections = Counter.builder("sluice.ingest.listener.connections.refused")
                .description("Connections closed at once because the listener had its maximum")
                .tag("listener", listener).register(registry);
        for (Reason reason : Reason.values()) {
            dropped.put(reason, Counter.builder("sluice.ingest.listener.dropped").description("Frames or events not stored")
                    .tag("listener", listener).tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
    }

    /** Registers the gauge of open connections. */
    public void connections(Supplier<Number> open) {
        Gauge.builder("sluice.ingest.listener.connections", open).description("Open connections")
                .tag("listener", listener).register(registry);
    }

    /** Counts one frame read. */
    public void received() {
        received.increment();
    }

    /** Counts events the buffer confirmed. */
    public void stored(int events) {
        stored.increment(events);
    }

    /** Counts a connection closed at once because the listener was full. */
    public void refusedConnection() {
        refusedConnections.increment();
    }

    /** Counts {@code count} items dropped for {@code reason}. */
    public void dropped(Reason reason, int count) {
        dropped.get(reason).increment(count);
    }

    /** Frames read so far. */
    public long receivedCount() {
        return (long) received.count();
    }

    /** Events stored so far. */
    public long storedCount() {
        return (long) stored.count();
    }

    /** Items dropped for {@code reason} so far. */
    public long droppedCount(Reason reason) {
        return (long) dropped.get(reason).count();
    }
}

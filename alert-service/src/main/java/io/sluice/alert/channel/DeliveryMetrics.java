package io.sluice.alert.channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of notification delivery, by channel type: {@code sluice.alert.notifications}
 * (final outcomes, tag {@code outcome} = sent | failed) and {@code sluice.alert.notification.attempts}
 * (tag {@code outcome} = ok | error). Type {@code none} counts notifications for an unknown channel.
 */
public class DeliveryMetrics {

    private final MeterRegistry registry;

    /** Registers in {@code registry}. */
    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void outcome(ChannelType type, boolean sent) {
        Counter.builder("sluice.alert.notifications").description("notifications handed to the dispatcher, by final outcome")
                .tag("type", type == null ? "none" : type.wire()).tag("outcome", sent ? "sent" : "failed")
                .register(registry).increment();
    }

    void attempt(ChannelType type, boolean ok) {
        Counter.builder("sluice.alert.notification.attempts").description("delivery attempts, by result")
                .tag("type", type.wire()).tag("outcome", ok ? "ok" : "error")
                .register(registry).increment();
    }
}

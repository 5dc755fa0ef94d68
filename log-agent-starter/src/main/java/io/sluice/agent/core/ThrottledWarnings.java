package io.sluice.agent.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Passes at most one warning per kind and interval to the diagnostics, so a full queue under a
 * log flood produces one line every few seconds rather than one per dropped event. Allocates
 * nothing when the warning is throttled.
 */
final class ThrottledWarnings {

    private final AgentDiagnostics diagnostics;
    private final long intervalNanos;
    private final ConcurrentMap<String, AtomicLong> lastByKind = new ConcurrentHashMap<>();

    ThrottledWarnings(AgentDiagnostics diagnostics, long intervalNanos) {
        this.diagnostics = diagnostics;
        this.intervalNanos = intervalNanos;
    }

    void warn(String kind, Supplier<String> message, Throwable cause) {
        report(kind, message, cause, false);
    }

    /** Like {@link #warn}, through {@link AgentDiagnostics#alarm}. */
    void alarm(String kind, Supplier<String> message, Throwable cause) {
        report(kind, message, cause, true);
    }

    private void report(String kind, Supplier<String> message, Throwable cause, boolean alarm) {
        long now = System.nanoTime();
        AtomicLong last = lastByKind.get(kind);
        if (last == null) {
            long initial = now - intervalNanos;
            last = lastByKind.computeIfAbsent(kind, k -> new AtomicLong(initial));
        }
        long previous = last.get();
        if (now - previous >= intervalNanos && last.compareAndSet(previous, now)) {
            try {
                if (alarm) {
                    diagnostics.alarm(message.get(), cause);
                } else {
                    diagnostics.warn(message.get(), cause);
                }
            } catch (RuntimeException ignored) {
                // Diagnostics must never break the caller (a logging thread or the worker).
            }
        }
    }
}

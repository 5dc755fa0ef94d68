package io.sluice.analytics.window;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the window statistics and leaderboards ({@code sluice.analytics.window.*}).
 *
 * @param enabled whether every buffer entry is counted into the 10 s / 1 min / 5 min / 1 h windows and
 *     the leaderboards, and {@code /api/v1/windows} and {@code /api/v1/leaderboards} are served
 * @param allowedLateness how far behind the tenant's watermark (largest event time seen) an event may be
 *     and still be counted in its window; later ones only increase the late-dropped counter
 * @param numericFields fields whose values get quantiles (p50/p90/p99/max), looked up in the event's
 *     attributes JSON, its parsed fields, then as {@code name=value} in the message
 * @param significantDigits HdrHistogram precision of those quantiles (1 to 3; 2 means within 1%)
 * @param retention how long each window's statistics and the leaderboards live
 */
public record WindowProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") Duration allowedLateness,
        @DefaultValue({"latency_ms", "duration_ms", "response_time_ms"}) List<String> numericFields,
        @DefaultValue("2") int significantDigits,
        @DefaultValue Retention retention) {

    public WindowProperties {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("sluice.analytics.window.allowed-lateness must not be negative");
        }
        if (significantDigits < 1 || significantDigits > 3) {
            throw new IllegalArgumentException("sluice.analytics.window.significant-digits must be 1, 2 or 3");
        }
        numericFields = List.copyOf(numericFields);
        if (numericFields.stream().anyMatch(f -> f.isBlank() || f.indexOf('\t') >= 0 || f.indexOf('"') >= 0)) {
            throw new IllegalArgumentException("sluice.analytics.window.numeric-fields must be names without tabs or quotes");
        }
    }

    /**
     * Lifetimes of the statistics ({@code sluice.analytics.window.retention.*}), refreshed on every write.
     *
     * @param tenSeconds a 10-second window (sliding views are summed from these)
     * @param oneMinute a one-minute window
     * @param fiveMinutes a five-minute window
     * @param oneHour a one-hour window; also the tenant's watermark and template texts
     * @param leaderboards an hour's or a day's leaderboard
     */
    public record Retention(
            @DefaultValue("2h") Duration tenSeconds,
            @DefaultValue("2d") Duration oneMinute,
            @DefaultValue("7d") Duration fiveMinutes,
            @DefaultValue("30d") Duration oneHour,
            @DefaultValue("30d") Duration leaderboards) {

        /** The lifetime of a window of {@code size}. */
        public Duration of(WindowSize size) {
            return switch (size) {
                case TEN_SECONDS -> tenSeconds;
                case ONE_MINUTE -> oneMinute;
                case FIVE_MINUTES -> fiveMinutes;
                case ONE_HOUR -> oneHour;
            };
        }
    }
}

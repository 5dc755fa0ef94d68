package io.sluice.admin.loki;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timestamps and durations as Loki's HTTP API reads them. A timestamp is RFC 3339
 * ({@code 2026-11-25T06:00:00.5Z}, any offset), fractional Unix seconds ({@code 1764050400.5}) or an
 * integer Unix time whose digit count tells the unit: up to 10 digits seconds, up to 13
 * milliseconds, up to 16 microseconds, more nanoseconds (Loki itself reads anything past 10 digits as
 * nanoseconds; Grafana sends nanoseconds, so both agree on what Grafana sends). A duration is
 * Prometheus' form ({@code 1h30m}, {@code 5m}, {@code 250ms}, {@code 1d}, {@code 1w}, {@code 1y}) or,
 * for {@code step}, float seconds ({@code 15}, {@code 0.5}). Errors are {@link LokiInputException}s
 * naming the parameter.
 */
final class LokiTime {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] DURATION_UNITS = {
        365L * 24 * 3600 * NANOS_PER_SECOND, 7L * 24 * 3600 * NANOS_PER_SECOND, 24L * 3600 * NANOS_PER_SECOND,
        3600L * NANOS_PER_SECOND, 60L * NANOS_PER_SECOND, NANOS_PER_SECOND, NANOS_PER_MILLI,
    };
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");

    private LokiTime() {
    }

    /** The timestamp {@code value} of parameter {@code name} in nanoseconds, or {@code fallback} when blank. */
    static long timestamp(String name, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String text = value.strip();
        try {
            if (INTEGER.matcher(text).matches()) {
                return integerTimestamp(text);
            }
            if (text.indexOf('T') > 0 || text.indexOf('t') > 0) {
                Instant at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
                return Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS_PER_SECOND), at.getNano());
            }
            return new BigDecimal(text).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new LokiInputException("invalid parameter \"" + name + "\": cannot parse \"" + abbreviate(text)
                    + "\" to a valid timestamp (RFC 3339 or Unix seconds, milliseconds or nanoseconds)");
        }
    }

    private static long integerTimestamp(String text) {
        long number = Long.parseLong(text);
        int digits = text.startsWith("-") ? text.length() - 1 : text.length();
        if (digits <= 10) {
            return Math.multiplyExact(number, NANOS_PER_SECOND);
        }
        if (digits <= 13) {
            return Math.multiplyExact(number, NANOS_PER_MILLI);
        }
        if (digits <= 16) {
            return Math.multiplyExact(number, 1_000L);
        }
        return number;
    }

    /** A Prometheus-style duration {@code value} of parameter {@code name}, in nanoseconds. */
    static long duration(String name, String value) {
        String text = value == null ? "" : value.strip();
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new LokiInputException("invalid parameter \"" + name + "\": cannot parse \"" + abbreviate(text)
                    + "\" to a valid duration (e.g. 5m, 1h30m, 250ms)");
        }
        try {
            long nanos = 0;
            for (int i = 0; i < DURATION_UNITS.length; i++) {
                String group = m.group(i + 1);
                if (group != null) {
                    nanos = Math.addExact(nanos, Math.multiplyExact(Long.parseLong(group), DURATION_UNITS[i]));
                }
            }
            return nanos;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LokiInputException("invalid parameter \"" + name + "\": duration \"" + abbreviate(text) + "\" is too long");
        }
    }

    /** A step: float seconds ({@code 15}, {@code 0.5}) or a duration ({@code 1m}), in nanoseconds. */
    static long secondsOrDuration(String name, String value) {
        String text = value == null ? "" : value.strip();
        if (!text.isEmpty() && (Character.isDigit(text.charAt(text.length() - 1)) || text.charAt(0) == '-')) {
            try {
                return new BigDecimal(text).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new LokiInputException("invalid parameter \"" + name + "\": cannot parse \"" + abbreviate(text)
                        + "\" to a valid duration");
            }
        }
        return duration(name, text);
    }

    /**
     * Loki's default step for a range: one point per 250th of the range, rounded down to whole
     * seconds, at least one second.
     */
    static long defaultStep(long startNanos, long endNanos) {
        long seconds = Math.max((endNanos - startNanos) / NANOS_PER_SECOND / 250, 1);
        return seconds * NANOS_PER_SECOND;
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}

package io.sluice.common.query.logql;

import java.util.regex.Pattern;

/**
 * Go-style durations as LogQL writes them ({@code 250ms}, {@code 5m}, {@code 1h30m}, {@code 1.5s}),
 * plus Prometheus' {@code d}, {@code w} and {@code y}.
 */
public final class Durations {

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
    private static final Pattern DURATION = Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d|w|y))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d|w|y)");

    private Durations() {
    }

    static boolean isNumber(String text) {
        return NUMBER.matcher(text).matches();
    }

    static boolean isDuration(String text) {
        return text.length() <= 64 && DURATION.matcher(text).matches();
    }

    /**
     * Nanoseconds of a duration such as {@code 1h30m}.
     *
     * @throws IllegalArgumentException when {@code text} is not a duration
     */
    public static long parseNanos(String text) {
        String t = text.trim();
        if (!isDuration(t)) {
            throw new IllegalArgumentException("not a duration: '" + text + "'");
        }
        double total = 0;
        var m = PART.matcher(t);
        while (m.find()) {
            total += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
        }
        if (total > Long.MAX_VALUE) {
            throw new IllegalArgumentException("duration too long: '" + text + "'");
        }
        return Math.round(total);
    }

    /**
     * Seconds of a label value compared with a duration filter: a duration ({@code 1.5s}) or a bare
     * number, taken as seconds. {@code NaN} when it is neither.
     */
    static double valueSeconds(String value) {
        String t = value.trim();
        if (isDuration(t)) {
            return parseNanos(t) / 1e9;
        }
        return Numbers.parse(t);
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            case "w" -> 7 * 86400e9;
            default -> 365 * 86400e9;
        };
    }
}

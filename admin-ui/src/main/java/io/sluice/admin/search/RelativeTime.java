package io.sluice.admin.search;

import io.sluice.common.event.Timestamps;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time expressions the console and the search API accept for {@code from} and {@code to}: RFC 3339
 * or epoch milliseconds (see {@link Timestamps}), plus Grafana-style relative times {@code now} and
 * {@code now-15m} (units s, m, h, d, w), so that a shared link keeps meaning "the last hour".
 */
public final class RelativeTime {

    private static final Pattern RELATIVE = Pattern.compile("now\\s*(?:-\\s*(\\d{1,9})\\s*([smhdw]))?");

    private RelativeTime() {
    }

    /**
     * Epoch nanoseconds of {@code text}, resolving relative forms against {@code now}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long parseNanos(String text, Instant now) {
        String t = text.trim();
        try {
            Matcher m = RELATIVE.matcher(t);
            if (m.matches()) {
                Instant at = m.group(1) == null ? now : now.minus(duration(Long.parseLong(m.group(1)), m.group(2).charAt(0)));
                return Timestamps.toNanos(at);
            }
            return Timestamps.parseNanos(t);
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("'" + abbreviate(t) + "' is out of range");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", or relative such as now-15m");
        }
    }

    /** The relative expression for "{@code range} ago", e.g. {@code now-1h}, in the largest exact unit. */
    static String ago(Duration range) {
        long seconds = range.toSeconds();
        if (seconds <= 0) {
            return "now";
        }
        long[] sizes = {7 * 86_400L, 86_400L, 3_600L, 60L, 1L};
        char[] units = {'w', 'd', 'h', 'm', 's'};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds % sizes[i] == 0) {
                return "now-" + seconds / sizes[i] + units[i];
            }
        }
        return "now-" + seconds + "s";
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    private static Duration duration(long amount, char unit) {
        return switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }
}

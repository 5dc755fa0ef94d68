package io.sluice.analytics.api;

import io.sluice.analytics.window.WindowQuery;
import io.sluice.analytics.window.WindowSize;
import io.sluice.common.event.Levels;

/**
 * Validates the parameters of {@code GET /api/v1/windows} into a {@link WindowQuery}: {@code window}
 * (default {@code 1m}), {@code from}/{@code to} (RFC 3339 or epoch ms; default the 60 windows ending
 * now), {@code step} (a window label no wider than {@code window}: sliding windows; absent: tumbling),
 * {@code service}, {@code level}, {@code template}. At most {@value #MAX_BUCKETS} windows per answer,
 * and a sliding answer sums at most {@value #MAX_TEN_SECOND_WINDOWS} 10 s windows.
 */
final class WindowRequest {

    static final int MAX_BUCKETS = 1440;

    static final int DEFAULT_BUCKETS = 60;

    /** Most 10 s windows one sliding answer sums (one day's worth; they live 2 h by default anyway). */
    static final long MAX_TEN_SECOND_WINDOWS = 8_640;

    private WindowRequest() {
    }

    /**
     * Parses the query parameters ({@code null} when absent) for {@code tenant} at {@code nowMillis}.
     *
     * @throws IllegalArgumentException with a message naming the offending parameter
     */
    static WindowQuery parse(String window, String fromText, String toText, String stepText, String service, String level,
            String template, String tenant, long nowMillis) {
        WindowSize size = WindowSize.parse(window == null ? "1m" : window.trim());
        long step = 0;
        if (stepText != null) {
            WindowSize stepSize = WindowSize.parse(stepText.trim());
            if (stepSize.millis() > size.millis()) {
                throw new IllegalArgumentException("step (" + stepSize.label() + ") must not be wider than window (" + size.label() + ")");
            }
            step = stepSize.millis();
        }
        long to = toText == null ? nowMillis : StatsRequest.millis("to", toText);
        long from = fromText == null ? to - DEFAULT_BUCKETS * (step == 0 ? size.millis() : step) : StatsRequest.millis("from", fromText);
        if (from >= to) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        long buckets = step == 0
                ? Math.floorDiv(to - 1, size.millis()) - Math.floorDiv(from, size.millis()) + 1
                : Math.floorDiv(to + step - 1, step) - Math.floorDiv(from, step);
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("the range from " + from + " to " + to + " holds more than " + MAX_BUCKETS + " windows of "
                    + (step == 0 ? size.label() : "step " + stepText.trim()) + "; narrow it or use a wider window");
        }
        if (step != 0 && (buckets - 1) * step + size.millis() > MAX_TEN_SECOND_WINDOWS * WindowSize.TEN_SECONDS.millis()) {
            throw new IllegalArgumentException("sliding windows are summed from 10s windows, at most " + MAX_TEN_SECOND_WINDOWS
                    + " (one day) per answer: narrow the range from " + from + " to " + to);
        }
        return new WindowQuery(tenant, size, from, to, step, service(service), level(level), template(template));
    }

    private static String service(String service) {
        if (service == null) {
            return null;
        }
        String s = service.trim();
        if (s.isEmpty() || s.length() > 256 || s.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("service must be 1 to 256 characters without tabs");
        }
        return s;
    }

    private static String level(String level) {
        if (level == null) {
            return null;
        }
        if (level.trim().equalsIgnoreCase("UNKNOWN")) {
            return "UNKNOWN";
        }
        return Levels.normalize(level).orElseThrow(() -> new IllegalArgumentException("level must be one of " + Levels.ALL
                + " or UNKNOWN, was '" + level + "'"));
    }

    private static Long template(String template) {
        if (template == null) {
            return null;
        }
        try {
            return Long.parseLong(template.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("template must be a template id (a whole number), was '" + template + "'");
        }
    }
}

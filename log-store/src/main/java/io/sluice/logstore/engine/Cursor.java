package io.sluice.logstore.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of log lines stopped: the time and id of its last line. The next page holds the
 * lines strictly after it in the query's order ((time, id) descending for backward queries,
 * ascending otherwise), so lines sharing a timestamp are neither skipped nor repeated. Written as
 * opaque base64url text.
 *
 * @param tsNanos time of the last line returned
 * @param id event id of the last line returned
 */
record Cursor(long tsNanos, String id) {

    /** The cursor's text form. */
    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((tsNanos + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor written by {@link #encode()}; {@code null} or blank text is no cursor.
     *
     * @throws IllegalArgumentException when the text is not a cursor
     */
    static Cursor decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return new Cursor(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cursor '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                    + "': pass back the nextCursor of a previous page unchanged");
        }
    }

    /** Whether a line at ({@code ts}, {@code eventId}) comes strictly after this cursor in the given order. */
    boolean passes(long ts, String eventId, boolean backward) {
        int c = LineOrder.compare(ts, eventId, tsNanos, id);
        return backward ? c < 0 : c > 0;
    }
}

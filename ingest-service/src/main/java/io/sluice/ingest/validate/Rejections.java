package io.sluice.ingest.validate;

import java.util.List;

/** The first reasons of a list of rejected events, short enough for a status line or a log. */
public final class Rejections {

    private static final int MAX_REASONS = 10;
    private static final int MAX_CHARS = 2000;

    private Rejections() {
    }

    /** "event 1: …; event 4: …; and 7 more". */
    public static String summary(List<Rejection> rejections) {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (Rejection rejection : rejections) {
            if (shown == MAX_REASONS || text.length() + rejection.reason().length() > MAX_CHARS) {
                break;
            }
            text.append(shown == 0 ? "" : "; ").append(rejection.reason());
            shown++;
        }
        if (shown < rejections.size()) {
            text.append(shown == 0 ? "" : "; ").append("and ").append(rejections.size() - shown).append(" more");
        }
        return text.toString();
    }
}

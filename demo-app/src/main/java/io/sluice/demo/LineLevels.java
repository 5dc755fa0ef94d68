package io.sluice.demo;

import java.util.Locale;
import org.slf4j.event.Level;

/**
 * The level a Loghub line is logged at, read from its text (case-insensitive): ERROR, FATAL,
 * SEVERE or "fail" (failed, failure) → ERROR; else WARN (warning) → WARN; else DEBUG → DEBUG;
 * anything else → INFO.
 */
final class LineLevels {

    private static final String[] ERROR_WORDS = {"error", "fatal", "severe", "fail"};

    private LineLevels() {
    }

    static Level of(String line) {
        String text = line.toLowerCase(Locale.ROOT);
        for (String word : ERROR_WORDS) {
            if (text.contains(word)) {
                return Level.ERROR;
            }
        }
        if (text.contains("warn")) {
            return Level.WARN;
        }
        if (text.contains("debug")) {
            return Level.DEBUG;
        }
        return Level.INFO;
    }
}

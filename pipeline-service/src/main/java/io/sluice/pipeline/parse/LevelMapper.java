package io.sluice.pipeline.parse;

import io.sluice.common.event.Levels;

/**
 * Maps a level value found in a log line to a stored level: names through {@link Levels}
 * ({@code warning} → WARN, {@code err} → ERROR, {@code crit}/{@code fatal}/{@code panic}/{@code emerg}
 * → FATAL, {@code information} → INFO), bunyan/pino numbers 10–60 (10 TRACE … 60 FATAL) and syslog
 * severities 0–7. Anything else is not a level ({@code null}).
 */
final class LevelMapper {

    private static final String[] SYSLOG = {"FATAL", "FATAL", "FATAL", "ERROR", "WARN", "INFO", "INFO", "DEBUG"};
    private static final String[] BUNYAN = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    private LevelMapper() {
    }

    /** The stored level for {@code raw}, or {@code null}. */
    static String normalize(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 16) {
            return null;
        }
        char c = raw.charAt(0);
        if (c >= '0' && c <= '9') {
            return number(raw);
        }
        return Levels.normalize(raw).orElse(null);
    }

    /** Whether {@code level} is one of the stored levels. */
    static boolean isKnown(String level) {
        return level != null && !level.isEmpty() && Levels.ALL.contains(level);
    }

    private static String number(String raw) {
        int v = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9' || v > 1000) {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        if (v <= 7) {
            return SYSLOG[v];
        }
        if (v >= 10 && v <= 69) {
            return BUNYAN[Math.min(v / 10, 6) - 1];
        }
        return null;
    }
}

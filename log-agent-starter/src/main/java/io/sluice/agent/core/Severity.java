package io.sluice.agent.core;

/**
 * The five log levels as small integers, so the hot path routes and counts events without
 * strings: {@link #TRACE} is the least severe, {@link #ERROR} the most.
 */
public final class Severity {

    public static final int TRACE = 0;
    public static final int DEBUG = 1;
    public static final int INFO = 2;
    public static final int WARN = 3;
    public static final int ERROR = 4;

    private static final String[] NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};

    private Severity() {
    }

    /** The severity of a level name; unknown names count as INFO. */
    public static int of(String level) {
        if (level != null) {
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equalsIgnoreCase(level)) {
                    return i;
                }
            }
        }
        return INFO;
    }

    /** The level name of {@code severity}. */
    public static String name(int severity) {
        return NAMES[Math.max(TRACE, Math.min(ERROR, severity))];
    }

    /** Number of severities. */
    static int count() {
        return NAMES.length;
    }
}

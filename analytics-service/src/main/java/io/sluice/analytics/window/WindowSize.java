package io.sluice.analytics.window;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The tumbling window widths analytics keeps statistics for. Every width is a whole multiple of the
 * next smaller one, so an event's windows are nested and a wider window is exactly the sum of the
 * narrower ones it covers; sliding views are therefore answered from the 10-second windows.
 */
public enum WindowSize {
    TEN_SECONDS("10s", 10_000L),
    ONE_MINUTE("1m", 60_000L),
    FIVE_MINUTES("5m", 300_000L),
    ONE_HOUR("1h", 3_600_000L);

    private final String label;
    private final long millis;

    WindowSize(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }

    /** How the width is written in keys and the API: {@code 10s}, {@code 1m}, {@code 5m}, {@code 1h}. */
    public String label() {
        return label;
    }

    /** The width in milliseconds. */
    public long millis() {
        return millis;
    }

    /** Start (epoch ms) of the window of this width containing {@code epochMillis}; windows are aligned to the epoch. */
    public long start(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    /**
     * The width written {@code label}.
     *
     * @throws IllegalArgumentException naming the accepted labels
     */
    public static WindowSize parse(String label) {
        for (WindowSize s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("window must be one of " + labels() + ", was '" + label + "'");
    }

    static String labels() {
        return Arrays.stream(values()).map(WindowSize::label).collect(Collectors.joining("|"));
    }
}

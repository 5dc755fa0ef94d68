package io.sluice.analytics.window;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The tumbling windows (event time, UTC-aligned) leaderboards are kept for: the hour and the day. */
public enum BoardWindow {
    HOUR("1h", 3_600_000L),
    DAY("1d", 86_400_000L);

    private final String label;
    private final long millis;

    BoardWindow(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }

    /** {@code 1h} or {@code 1d}. */
    public String label() {
        return label;
    }

    /** The width in milliseconds. */
    public long millis() {
        return millis;
    }

    /** Start (epoch ms) of the window containing {@code epochMillis}. */
    public long start(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    /**
     * The window written {@code label}.
     *
     * @throws IllegalArgumentException naming the accepted labels
     */
    public static BoardWindow parse(String label) {
        for (BoardWindow w : values()) {
            if (w.label.equals(label)) {
                return w;
            }
        }
        throw new IllegalArgumentException("window must be one of "
                + Arrays.stream(values()).map(BoardWindow::label).collect(Collectors.joining("|")) + ", was '" + label + "'");
    }
}

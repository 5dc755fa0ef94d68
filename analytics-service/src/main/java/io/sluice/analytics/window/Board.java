package io.sluice.analytics.window;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The leaderboards kept per tenant and window, and what their scores mean. */
public enum Board {
    /** Members {@code service TAB template}, scored by ERROR and FATAL events. */
    TOP_ERROR_TEMPLATES("top-error-templates"),
    /** Members {@code service}, scored by events of any level. */
    NOISIEST_SERVICES("noisiest-services"),
    /** Members {@code service TAB template} first counted in the window, scored by that first event's time (epoch ms). */
    NEW_TEMPLATES("new-templates");

    private final String label;

    Board(String label) {
        this.label = label;
    }

    /** The board's name in keys and the API. */
    public String label() {
        return label;
    }

    /**
     * The board named {@code label}.
     *
     * @throws IllegalArgumentException naming the boards there are
     */
    public static Board parse(String label) {
        for (Board b : values()) {
            if (b.label.equals(label)) {
                return b;
            }
        }
        throw new IllegalArgumentException(parseHint() + ", was '" + label + "'");
    }

    /** Names the boards there are, for error messages. */
    public static String parseHint() {
        return "board must be one of " + Arrays.stream(values()).map(Board::label).collect(Collectors.joining("|"));
    }
}

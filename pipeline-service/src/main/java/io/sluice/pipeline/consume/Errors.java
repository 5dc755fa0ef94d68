package io.sluice.pipeline.consume;

import org.springframework.core.NestedExceptionUtils;

/** Short descriptions of failures for log lines (the root cause, never a multi-kilobyte SQL text). */
public final class Errors {

    private static final int MAX_LENGTH = 300;

    private Errors() {
    }

    /** The most specific cause's type and message, cut to a few hundred characters. */
    public static String describe(Throwable e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
    }
}

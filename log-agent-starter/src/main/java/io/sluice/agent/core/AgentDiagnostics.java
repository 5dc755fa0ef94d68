package io.sluice.agent.core;

/**
 * Where the agent reports its own trouble (drops, failed batches). It must not log through the
 * application's logging pipeline, which is what the agent serves: the Logback binding reports to
 * Logback's status manager instead.
 */
@FunctionalInterface
public interface AgentDiagnostics {

    /** Diagnostics that discard every report. */
    AgentDiagnostics NONE = (message, cause) -> { };

    /** Reports a problem; {@code cause} may be null. Called rarely (throttled by the agent). */
    void warn(String message, Throwable cause);

    /**
     * Reports a problem an operator must fix (e.g. a refused API key): louder than {@link #warn}
     * where the binding can be; by default the same.
     */
    default void alarm(String message, Throwable cause) {
        warn(message, cause);
    }
}

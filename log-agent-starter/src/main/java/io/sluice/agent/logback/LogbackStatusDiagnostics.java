package io.sluice.agent.logback;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.WarnStatus;
import io.sluice.agent.core.AgentDiagnostics;

/**
 * Reports the agent's trouble to Logback's status manager (visible with an
 * {@code OnConsoleStatusListener}, or Logback's debug mode) rather than through a logger, which
 * would feed the agent's warnings back into the agent.
 */
public final class LogbackStatusDiagnostics implements AgentDiagnostics {

    private final Context context;
    private final Object origin;

    /** Diagnostics reported to {@code context}'s status manager, attributed to {@code origin}. */
    public LogbackStatusDiagnostics(Context context, Object origin) {
        this.context = context;
        this.origin = origin;
    }

    @Override
    public void warn(String message, Throwable cause) {
        context.getStatusManager().add(new WarnStatus(message, origin, cause));
    }

    /** An error status, and one line on standard error: Logback prints no status by default. */
    @Override
    public void alarm(String message, Throwable cause) {
        context.getStatusManager().add(new ErrorStatus(message, origin, cause));
        System.err.println("SLUICE AGENT ERROR: " + message);
    }
}

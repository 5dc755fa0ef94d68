package io.sluice.agent.core.spool;

import io.sluice.agent.core.AgentDiagnostics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Diagnostics that keep every warning so tests can check what the spool reported. */
final class RecordedWarnings implements AgentDiagnostics {

    private final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void warn(String message, Throwable cause) {
        messages.add(message);
    }

    List<String> messages() {
        return messages;
    }
}

package io.sluice.agent.core;

import io.sluice.common.proto.ingest.v1.LogEvent;

/** Small events for unit tests. */
final class Events {

    private Events() {
    }

    static LogEvent event(String level, String message) {
        return LogEvent.newBuilder().setLevel(level).setMessage(message).setService("svc").setHost("h").build();
    }

    static LogEvent info(int i) {
        return event("INFO", "event " + i);
    }
}

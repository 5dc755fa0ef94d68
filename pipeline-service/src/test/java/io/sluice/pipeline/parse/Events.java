package io.sluice.pipeline.parse;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.stage.PipelineEvent;
import java.util.ArrayList;
import java.util.List;

/** Pipeline events for the parse tests. */
final class Events {

    static final long T0 = 1_710_072_000_000_000_000L;

    private Events() {
    }

    static PipelineEvent event(String service, String host, String level, String message) {
        return new PipelineEvent(LogEvent.newBuilder().setId(EventIds.next()).setTenant("parse-unit").setTimestampUnixNanos(T0)
                .setService(service).setHost(host).setLevel(level).setMessage(message).build());
    }

    static List<PipelineEvent> lines(String service, String host, String... messages) {
        List<PipelineEvent> out = new ArrayList<>();
        for (String m : messages) {
            out.add(event(service, host, "INFO", m));
        }
        return out;
    }
}

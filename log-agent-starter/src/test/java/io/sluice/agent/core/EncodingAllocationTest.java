package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.LogBatch;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's encoding path (EventWriter into a lane's reused buffer) in steady state. */
class EncodingAllocationTest {

    private record Captured(long nanos, String level, String message, String logger, String thread, String traceId) {
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void encodingAnEventIntoAReusedBatchBufferAllocatesAlmostNothing() throws Exception {
        EventWriter writer = new EventWriter("svc", "host-1", Map.of("k8s.namespace.name", "shop"));
        EventEncoder encoder = (captured, out) -> {
            Captured c = (Captured) captured;
            out.timestamp(c.nanos()).level(c.level()).message(c.message())
                    .attribute("logger", c.logger()).attribute("thread", c.thread()).attribute("traceId", c.traceId());
        };
        Captured[] events = new Captured[256];
        for (int i = 0; i < events.length; i++) {
            events[i] = new Captured(1_700_000_000_000_000_000L + i, "INFO", "order " + i + " shipped to zoë",
                    "com.example.Shop", "http-nio-" + i, "trace-" + i);
        }
        Lane lane = new Lane(Lane.LOW, new ByteSink(64 * 1024));
        int perBatch = 500;
        for (int warmup = 0; warmup < 200_000; warmup++) {
            encodeOne(writer, encoder, events[warmup % events.length], lane, perBatch);
        }

        int n = 200_000;
        long before = allocatedBytes();
        for (int i = 0; i < n; i++) {
            encodeOne(writer, encoder, events[i % events.length], lane, perBatch);
        }
        double perEvent = (double) (allocatedBytes() - before) / n;
        System.out.printf("Sluice encoding on the agent thread: %.3f bytes allocated per event%n", perEvent);

        assertThat(perEvent).isLessThan(1.0);
        lane.events.writeStringField(2, "key");
        assertThat(LogBatch.parseFrom(lane.events.toByteArray()).getEvents(0).getAttributesJson())
                .startsWith("{\"logger\":\"com.example.Shop\"");
    }

    private static void encodeOne(EventWriter writer, EventEncoder encoder, Captured event, Lane lane, int perBatch) {
        if (lane.count >= perBatch) {
            ByteSink buffer = lane.events;
            buffer.reset();
            lane.clear(buffer);
        }
        writer.reset();
        encoder.encode(event, writer);
        writer.encode();
        writer.appendTo(lane.events);
        lane.added(Severity.INFO, 0);
    }
}

package io.sluice.analytics.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinuteCounterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void countsEventsPerTenantMinuteLevelAndService() {
        LogBatch batch = LogBatch.newBuilder()
                .addEvents(event("a", T0.plusSeconds(1), "ERROR", "checkout"))
                .addEvents(event("a", T0.plusSeconds(59), "ERROR", "checkout"))
                .addEvents(event("a", T0.plusSeconds(30), "INFO", "checkout"))
                .addEvents(event("a", T0.plusSeconds(60), "ERROR", "checkout"))
                .addEvents(event("b", T0.plusSeconds(2), "WARN", "cart"))
                .build();

        List<MinuteCount> counts = MinuteCounter.count(batch);

        assertThat(counts).containsExactlyInAnyOrder(
                new MinuteCount("a", T0.toEpochMilli(), Map.of("ERROR:checkout", 2L, "INFO:checkout", 1L)),
                new MinuteCount("a", T0.toEpochMilli() + 60_000, Map.of("ERROR:checkout", 1L)),
                new MinuteCount("b", T0.toEpochMilli(), Map.of("WARN:cart", 1L)));
    }

    @Test
    void namesMissingTenantLevelAndServiceSoNoEventIsLost() {
        LogBatch batch = LogBatch.newBuilder().addEvents(event("", T0, "", "")).build();

        assertThat(MinuteCounter.count(batch)).containsExactly(
                new MinuteCount("default", T0.toEpochMilli(), Map.of("UNKNOWN:unknown", 1L)));
    }

    @Test
    void minuteStartRoundsDownAlsoBeforeTheEpoch() {
        assertThat(MinuteCounter.minuteStart(119_999_999_999L)).isEqualTo(60_000L);
        assertThat(MinuteCounter.minuteStart(-1L)).isEqualTo(-60_000L);
    }

    @Test
    void anEmptyBatchCountsNothing() {
        assertThat(MinuteCounter.count(LogBatch.getDefaultInstance())).isEmpty();
    }

    private static LogEvent event(String tenant, Instant at, String level, String service) {
        return LogEvent.newBuilder().setTenant(tenant).setTimestampUnixNanos(at.toEpochMilli() * 1_000_000L)
                .setLevel(level).setService(service).setHost("h1").setMessage("m").build();
    }
}

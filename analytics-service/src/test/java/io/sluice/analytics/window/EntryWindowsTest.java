package io.sluice.analytics.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.analytics.template.TemplateMining;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryWindowsTest {

    private static final long T = 1_767_261_600_000L;

    private final EntryWindows windows = new EntryWindows(new Lateness(60_000), new NumericFields(List.of("latency_ms")),
            new HistogramBuckets(2));

    private static LogEvent event(long millis, String level, String message) {
        return LogEvent.newBuilder().setTenant("acme").setService("api").setLevel(level).setMessage(message)
                .setTimestampUnixNanos(millis * 1_000_000L).build();
    }

    private WindowDelta aggregate(Map<String, Long> watermarks, LogEvent... events) {
        LogBatch batch = LogBatch.newBuilder().addAllEvents(List.of(events)).build();
        return windows.aggregate(batch, new TemplateMining().mine(batch), watermarks);
    }

    private static long events(WindowDelta d) {
        return d.cells().values().stream().mapToLong(s -> s.events).sum();
    }

    @Test
    void countsEachEventInItsTenSecondCellWithItsUtf8Bytes() {
        WindowDelta d = aggregate(Map.of(), event(T + 9_999, "INFO", "héllo"), event(T + 10_000, "INFO", "héllo"),
                event(T + 10_001, "ERROR", "boom"));
        assertThat(d.cells()).hasSize(3);
        assertThat(d.cells().keySet()).extracting(WindowDelta.Cell::start).containsExactly(T, T + 10_000, T + 10_000);
        assertThat(d.cells().values()).extracting(s -> s.bytes).containsExactly(6L, 6L, 4L);
        assertThat(d.watermarks()).containsEntry("acme", T + 10_001);
        assertThat(d.lateDropped()).isEmpty();
    }

    @Test
    void anEventBeyondTheLatenessBehindTheStoredWatermarkIsOnlyCountedAsDropped() {
        WindowDelta d = aggregate(Map.of("acme", T), event(T - 60_000, "INFO", "just in time"), event(T - 60_001, "INFO", "too late"));
        assertThat(events(d)).isEqualTo(1);
        assertThat(d.lateDropped()).isEqualTo(Map.of("acme", Map.of("api", 1L)));
        assertThat(d.watermarks()).isEmpty();
    }

    @Test
    void theWatermarkAdvancesWithinTheEntryInItsOrder() {
        WindowDelta d = aggregate(Map.of(), event(T - 120_000, "INFO", "old first"), event(T, "INFO", "new"),
                event(T - 120_000, "INFO", "old after new"));
        assertThat(events(d)).isEqualTo(2);
        assertThat(d.lateDropped().get("acme")).containsEntry("api", 1L);
        assertThat(d.watermarks()).containsEntry("acme", T);
    }

    @Test
    void numericFieldsGoToHistogramBucketsOfTheirCell() {
        WindowDelta d = aggregate(Map.of(), event(T, "INFO", "GET / latency_ms=100"), event(T + 1, "INFO", "GET / latency_ms=100"),
                event(T + 2, "INFO", "GET / latency_ms=1001"));
        WindowDelta.Stats s = d.cells().values().iterator().next();
        assertThat(d.cells()).hasSize(1);
        assertThat(s.histograms[0]).containsEntry(100L, 2L).containsEntry(new HistogramBuckets(2).bucketOf(1001), 1L);
        assertThat(d.templates()).hasSize(1);
    }
}

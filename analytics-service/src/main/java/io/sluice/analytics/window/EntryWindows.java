package io.sluice.analytics.window;

import io.sluice.analytics.template.MinedBatch;
import io.sluice.common.event.Utf8Length;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.patterns.Match;
import java.util.HashMap;
import java.util.Map;

/**
 * Assigns a buffer entry's events to their windows: each event, in the entry's order, is either late
 * (more than the allowed lateness behind its tenant's watermark, the largest event time seen before
 * it, stored ones included) and only counted as dropped, or counted in its 10-second cell with its
 * message's UTF-8 bytes and its numeric fields' histogram buckets. Per event it allocates one cell
 * key and nothing else unless the event carries numeric fields. Pure and thread-safe.
 */
final class EntryWindows {

    private final Lateness lateness;
    private final NumericFields fields;
    private final HistogramBuckets buckets;

    EntryWindows(Lateness lateness, NumericFields fields, HistogramBuckets buckets) {
        this.lateness = lateness;
        this.fields = fields;
        this.buckets = buckets;
    }

    /**
     * The entry's contribution, given each tenant's stored watermark ({@link Lateness#NO_WATERMARK}
     * or absent for none) and the entry's mined templates.
     */
    WindowDelta aggregate(LogBatch batch, MinedBatch mined, Map<String, Long> storedWatermarks) {
        WindowDelta delta = new WindowDelta(fields.names().size());
        Map<String, Long> running = new HashMap<>(storedWatermarks);
        long[] values = new long[fields.names().size()];
        for (int i = 0; i < batch.getEventsCount(); i++) {
            LogEvent e = batch.getEvents(i);
            String tenant = MinuteCounter.tenantOf(e);
            String service = e.getService().isEmpty() ? "unknown" : e.getService();
            long millis = Math.floorDiv(e.getTimestampUnixNanos(), 1_000_000L);
            long watermark = running.getOrDefault(tenant, Lateness.NO_WATERMARK);
            if (lateness.isLate(millis, watermark)) {
                delta.late(tenant, service);
                continue;
            }
            if (watermark == Lateness.NO_WATERMARK || millis > watermark) {
                running.put(tenant, millis);
                delta.watermark(tenant, millis);
            }
            String level = e.getLevel().isEmpty() ? "UNKNOWN" : e.getLevel();
            Match m = mined.match(i);
            WindowDelta.Stats stats = delta.cell(new WindowDelta.Cell(tenant, WindowSize.TEN_SECONDS.start(millis), service, level,
                    m.templateId()));
            stats.events++;
            stats.bytes += Utf8Length.of(e.getMessage());
            if (values.length > 0 && fields.extract(e, values) > 0) {
                for (int f = 0; f < values.length; f++) {
                    if (values[f] != NumericFields.ABSENT) {
                        stats.record(f, buckets.bucketOf(values[f]));
                    }
                }
            }
            delta.template(tenant, service, m.templateId(), m.template(), millis);
        }
        return delta;
    }
}

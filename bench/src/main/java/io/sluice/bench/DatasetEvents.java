package io.sluice.bench;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.template.StoredTemplate;
import io.sluice.logstore.template.TemplateAlias;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.patterns.Match;
import io.sluice.patterns.Template;
import io.sluice.patterns.TemplateMiner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The events of the benchmark data set in the form the pipeline hands them to the archive, one time
 * slice at a time: {@link LoadEvents}' realistic lines (Loghub-2k with fresh digits, 8 services × 4
 * hosts, levels from the lines, times spread evenly over the span), event ids made per 500-event
 * ingest batch as ingest makes them ({@link EventIds#batch()}), and template ids from log-patterns'
 * {@link TemplateMiner}, one miner per service, resolved through merges at the moment of mining,
 * exactly as the pipeline's mining stage sets them. One event carries the needle token.
 *
 * <p>Every call of {@link #nextSlice()} returns all events of one chunk slice, one write per stream,
 * so that each write through {@code ChunkArchive} cuts one full chunk — the chunks compaction leaves
 * behind — instead of the many small ones live ingest writes. (One write per stream rather than one
 * per slice: ChunkArchive's multi-row INSERT of many full-size chunks exceeds MariaDB's default
 * 16 MB {@code max_allowed_packet}.) Deterministic for a given seed (except the event ids, which
 * carry the wall clock). Not thread-safe.
 */
final class DatasetEvents {

    static final int BATCH = 500;

    private final LoadEvents lines;
    private final String tenant;
    private final long total;
    private final long startNanos;
    private final long spanNanos;
    private final long sliceNanos;
    private final String needle;
    private final long needleAt;
    private final SplittableRandom random;
    private final Map<String, TemplateMiner> miners = new HashMap<>();
    private final Map<String, String> labels = new HashMap<>();

    private List<ArchivedEvent> batch = List.of();
    private int batchPos;
    private long batchNo = -1;
    private long next;
    private long rawBytes;

    DatasetEvents(LoadEvents lines, String tenant, long total, long startNanos, long spanNanos, long sliceNanos, long seed,
            String needle, long needleAt) {
        this.lines = lines;
        this.tenant = tenant;
        this.total = total;
        this.startNanos = startNanos;
        this.spanNanos = spanNanos;
        this.sliceNanos = sliceNanos;
        this.needle = needle;
        this.needleAt = needleAt;
        this.random = new SplittableRandom(seed);
    }

    /**
     * All events of the next time slice, one list of entries per stream (service, host), each entry
     * the stream's events of one ingest batch of {@value #BATCH} (split where a batch crosses a slice
     * boundary); {@code null} after the last slice.
     */
    List<List<ArchiveEntry>> nextSlice() {
        List<ArchiveEntry> slice = nextSliceEntries();
        if (slice == null) {
            return null;
        }
        Map<String, List<ArchiveEntry>> byStream = new java.util.TreeMap<>();
        for (ArchiveEntry entry : slice) {
            Map<String, List<ArchivedEvent>> parts = new java.util.LinkedHashMap<>();
            for (ArchivedEvent e : entry.events()) {
                parts.computeIfAbsent(e.service() + "/" + e.host(), k -> new ArrayList<>()).add(e);
            }
            parts.forEach((stream, events) -> byStream.computeIfAbsent(stream, k -> new ArrayList<>())
                    .add(new ArchiveEntry(entry.entryKey() + "/" + stream, events)));
        }
        return new ArrayList<>(byStream.values());
    }

    private List<ArchiveEntry> nextSliceEntries() {
        List<ArchiveEntry> call = new ArrayList<>();
        List<ArchivedEvent> entry = new ArrayList<>();
        String entryKey = null;
        long slice = Long.MIN_VALUE;
        while (true) {
            if (batchPos == batch.size()) {
                if (next >= total) {
                    break;
                }
                fillBatch();
            }
            ArchivedEvent e = batch.get(batchPos);
            long s = Math.floorDiv(e.timestampNanos(), sliceNanos);
            if (slice == Long.MIN_VALUE) {
                slice = s;
            } else if (s != slice) {
                break;
            }
            if (entryKey == null || !entryKey.startsWith("bench-dataset/" + batchNo + "/")) {
                if (!entry.isEmpty()) {
                    call.add(new ArchiveEntry(entryKey, entry));
                }
                entry = new ArrayList<>();
                entryKey = "bench-dataset/" + batchNo + "/" + batchPos;
            }
            entry.add(e);
            batchPos++;
        }
        if (!entry.isEmpty()) {
            call.add(new ArchiveEntry(entryKey, entry));
        }
        return call.isEmpty() ? null : call;
    }

    /** Message bytes plus one newline per event generated so far: the raw text the archive is compared with. */
    long rawBytes() {
        return rawBytes;
    }

    /** Every mined template with its count and first/last event time, as the pipeline's flusher stores them. */
    List<StoredTemplate> templates() {
        List<StoredTemplate> out = new ArrayList<>();
        miners.forEach((service, miner) -> {
            for (Template t : miner.templates()) {
                out.add(new StoredTemplate(tenant, service, t.id(), t.template(), t.count(), t.firstSeen(), t.lastSeen()));
            }
        });
        return out;
    }

    /** Every merge of one template into another, so ids stored before a merge resolve. */
    List<TemplateAlias> aliases() {
        List<TemplateAlias> out = new ArrayList<>();
        miners.forEach((service, miner) -> miner.aliases().forEach((from, into) -> out.add(new TemplateAlias(tenant, service, from, into))));
        return out;
    }

    private void fillBatch() {
        int count = (int) Math.min(BATCH, total - next);
        LogBatch proto = lines.batch(next, count, total, startNanos, spanNanos, "", random);
        EventIds.Batch ids = EventIds.batch();
        List<ArchivedEvent> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            LogEvent e = proto.getEvents(k);
            String message = next + k == needleAt ? e.getMessage() + " " + needle : e.getMessage();
            String service = label(e.getService());
            TemplateMiner miner = miners.computeIfAbsent(service, s -> new TemplateMiner());
            Match m = miner.mine(message, e.getTimestampUnixNanos());
            rawBytes += message.getBytes(StandardCharsets.UTF_8).length + 1;
            out.add(new ArchivedEvent(ids.next(), tenant, e.getTimestampUnixNanos(), service, label(e.getHost()), label(e.getLevel()),
                    message, null, null, miner.resolve(m.templateId()), ""));
        }
        batch = out;
        batchPos = 0;
        batchNo++;
        next += count;
    }

    /** One shared instance per label value, so millions of events do not each hold a copy. */
    private String label(String value) {
        return labels.computeIfAbsent(value, v -> v);
    }
}

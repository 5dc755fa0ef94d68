package io.sluice.analytics.window;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one buffer entry adds to the window statistics, aggregated in memory before the single Redis
 * script call: counts per 10-second cell (wider windows are sums of these), events dropped as late,
 * the watermarks it advances and the templates it shows. Built by {@link EntryWindows}; not
 * thread-safe.
 */
final class WindowDelta {

    /** One series in one 10-second window. */
    record Cell(String tenant, long start, String service, String level, long template) {
    }

    /** A template of a tenant's service. */
    record TemplateKey(String tenant, String service, long template) {
    }

    /** A template's text and the time of its first event in the entry. */
    record FirstSeen(String text, long millis) {
    }

    /** Counts of one cell; {@code histograms[i]} is field {@code i}'s bucket → count, {@code null} until used. */
    static final class Stats {
        long events;
        long bytes;
        final Map<Long, Long>[] histograms;

        @SuppressWarnings("unchecked")
        Stats(int fields) {
            histograms = new Map[fields];
        }

        void record(int field, long bucket) {
            if (histograms[field] == null) {
                histograms[field] = new HashMap<>();
            }
            histograms[field].merge(bucket, 1L, Long::sum);
        }
    }

    private final int fields;
    private final Map<Cell, Stats> cells = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> lateDropped = new LinkedHashMap<>();
    private final Map<String, Long> watermarks = new LinkedHashMap<>();
    private final Map<TemplateKey, FirstSeen> templates = new LinkedHashMap<>();

    WindowDelta(int fields) {
        this.fields = fields;
    }

    Stats cell(Cell cell) {
        return cells.computeIfAbsent(cell, c -> new Stats(fields));
    }

    void late(String tenant, String service) {
        lateDropped.computeIfAbsent(tenant, t -> new LinkedHashMap<>()).merge(service, 1L, Long::sum);
    }

    void watermark(String tenant, long millis) {
        watermarks.merge(tenant, millis, Math::max);
    }

    void template(String tenant, String service, long template, String text, long millis) {
        templates.putIfAbsent(new TemplateKey(tenant, service, template), new FirstSeen(text, millis));
    }

    Map<Cell, Stats> cells() {
        return cells;
    }

    /** Tenant → service → events dropped as late. */
    Map<String, Map<String, Long>> lateDropped() {
        return lateDropped;
    }

    /** Tenant → largest event time counted, for tenants whose watermark the entry advances. */
    Map<String, Long> watermarks() {
        return watermarks;
    }

    Map<TemplateKey, FirstSeen> templates() {
        return templates;
    }

    boolean isEmpty() {
        return cells.isEmpty() && lateDropped.isEmpty();
    }
}

package io.sluice.analytics.window;

import io.lettuce.core.KeyValue;
import io.sluice.analytics.template.MinedBatch;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link WindowStage} of analytics. Per buffer entry: one MGET of its tenants' watermarks, the
 * events aggregated in memory ({@link EntryWindows}, on Reactor's parallel scheduler), then one Lua
 * script call ({@link WindowScript}) that, unless the entry's done-marker is set, increments the 10 s,
 * 1 min, 5 min and 1 h window hashes, the hour's and day's leaderboards and the late-dropped counters,
 * raises the watermarks and records first-seen templates. A redelivered entry therefore counts once;
 * two entries of one tenant processed at the same moment may both judge lateness against the older
 * watermark (never stricter than the rule). No call blocks.
 */
public class WindowRecorder implements WindowStage {

    private static final Set<String> ERROR_LEVELS = Set.of("ERROR", "FATAL");

    private final SluiceRedis redis;
    private final WindowKeys keys;
    private final WindowScript script;
    private final EntryWindows windows;
    private final NumericFields fields;
    private final WindowProperties.Retention retention;

    /** Records under {@code redis}' key prefix with {@code properties}. */
    public WindowRecorder(SluiceRedis redis, WindowProperties properties) {
        this.redis = redis;
        this.keys = new WindowKeys(redis.keys());
        this.script = new WindowScript(redis);
        this.fields = new NumericFields(properties.numericFields());
        this.windows = new EntryWindows(new Lateness(properties.allowedLateness().toMillis()), fields,
                new HistogramBuckets(properties.significantDigits()));
        this.retention = properties.retention();
    }

    @Override
    public Mono<Void> record(String entryId, LogBatch batch, MinedBatch mined) {
        if (batch.getEventsCount() == 0) {
            return Mono.empty();
        }
        Set<String> tenants = new LinkedHashSet<>();
        batch.getEventsList().forEach(e -> tenants.add(MinuteCounter.tenantOf(e)));
        List<String> tenantList = List.copyOf(tenants);
        return redis.strings().mget(tenantList.stream().map(keys::watermark).toArray(String[]::new))
                .collectList()
                .publishOn(Schedulers.parallel())
                .map(values -> windows.aggregate(batch, mined, watermarks(tenantList, values)))
                .flatMap(delta -> script.apply(ops(entryId, delta)))
                .then();
    }

    private static Map<String, Long> watermarks(List<String> tenants, List<KeyValue<String, String>> values) {
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < tenants.size() && i < values.size(); i++) {
            if (values.get(i).hasValue()) {
                out.put(tenants.get(i), Long.parseLong(values.get(i).getValue()));
            }
        }
        return out;
    }

    /** The script's ops for {@code delta}. */
    WindowScript.Ops ops(String entryId, WindowDelta delta) {
        WindowScript.Ops ops = new WindowScript.Ops(keys.done(entryId));
        Map<String, Map<String, Long>> hashes = new LinkedHashMap<>();
        Map<String, Duration> ttls = new HashMap<>();
        Map<String, Map<String, Long>> boards = new LinkedHashMap<>();
        delta.cells().forEach((cell, stats) -> {
            // The cell's fields are the same in each of its four windows: build them once.
            String series = cell.service() + "\t" + cell.level() + "\t" + cell.template();
            Map<String, Long> cellFields = new LinkedHashMap<>();
            cellFields.put("c\t" + series, stats.events);
            cellFields.put("b\t" + series, stats.bytes);
            for (int i = 0; i < stats.histograms.length; i++) {
                if (stats.histograms[i] != null) {
                    String prefix = "h\t" + series + "\t" + fields.names().get(i) + "\t";
                    stats.histograms[i].forEach((bucket, n) -> cellFields.put(prefix + bucket, n));
                }
            }
            for (WindowSize size : WindowSize.values()) {
                String key = keys.window(cell.tenant(), size, size.start(cell.start()));
                ttls.putIfAbsent(key, retention.of(size));
                Map<String, Long> f = hashes.computeIfAbsent(key, k -> new LinkedHashMap<>());
                cellFields.forEach((field, by) -> f.merge(field, by, Long::sum));
            }
            for (BoardWindow w : BoardWindow.values()) {
                long start = w.start(cell.start());
                boards.computeIfAbsent(keys.board(cell.tenant(), Board.NOISIEST_SERVICES, w, start), k -> new LinkedHashMap<>())
                        .merge(cell.service(), stats.events, Long::sum);
                if (ERROR_LEVELS.contains(cell.level())) {
                    boards.computeIfAbsent(keys.board(cell.tenant(), Board.TOP_ERROR_TEMPLATES, w, start), k -> new LinkedHashMap<>())
                            .merge(cell.service() + "\t" + cell.template(), stats.events, Long::sum);
                }
            }
        });
        hashes.forEach((key, f) -> ops.hashIncrements(key, ttls.get(key), f));
        boards.forEach((key, members) -> ops.sortedSetIncrements(key, retention.leaderboards(), members));
        delta.lateDropped().forEach((tenant, services) -> ops.hashIncrements(keys.late(tenant), retention.oneHour(), services));
        delta.watermarks().forEach((tenant, millis) -> ops.max(keys.watermark(tenant), retention.oneHour(), millis));
        delta.templates().forEach((t, first) -> {
            Map<String, Duration> newBoards = new LinkedHashMap<>();
            for (BoardWindow w : BoardWindow.values()) {
                newBoards.put(keys.board(t.tenant(), Board.NEW_TEMPLATES, w, w.start(first.millis())), retention.leaderboards());
            }
            ops.firstSeen(keys.templates(t.tenant()), retention.oneHour(), t.service() + "\t" + t.template(), first.text(), first.millis(),
                    newBoards);
        });
        return ops;
    }
}

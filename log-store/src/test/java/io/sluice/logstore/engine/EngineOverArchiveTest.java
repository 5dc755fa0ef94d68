package io.sluice.logstore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.logstore.TestArchive;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine as the application wires it (LogStoreConfiguration): events written through the
 * chunk archive into MariaDB, the newest also in the hot tier on the real Redis.
 */
class EngineOverArchiveTest {

    private static EngineFixture fixture;
    private static TestArchive archive;
    private static LogQueryEngine engine;

    @BeforeAll
    static void setUp() {
        List<ArchivedEvent> events = EngineFixture.generate(800);
        fixture = new EngineFixture(events, 200);
        archive = new TestArchive(Map.of(
                "sluice.redis.key-prefix", fixture.keys().prefix(),
                "sluice.logstore.engine.hot-clock-skew", EngineFixture.SKEW.toSeconds() + "s",
                "sluice.logstore.chunk.max-events", "150",
                "sluice.logstore.query-timeout", "90s"));
        ArchiveSink sink = archive.bean(ArchiveSink.class);
        List<ArchiveEntry> entries = new ArrayList<>();
        for (int i = 0; i < events.size(); i += 100) {
            entries.add(new ArchiveEntry("test/" + i, events.subList(i, Math.min(events.size(), i + 100))));
        }
        sink.write(entries).block(Duration.ofSeconds(60));
        engine = archive.bean(LogQueryEngine.class);
    }

    @AfterAll
    static void tearDown() {
        archive.close();
        fixture.close();
    }

    private static List<ArchivedEvent> expected(String tenant, Predicate<ArchivedEvent> p, boolean backward) {
        return fixture.events.stream().filter(e -> e.tenant().equals(tenant)).filter(p).sorted(LineOrder.of(backward)).toList();
    }

    private static LogsResult logs(String tenant, String query, int limit, boolean backward, String cursor) {
        return engine.logs(new LogsRequest(tenant, query, EngineFixture.fromNanos(), EngineFixture.toNanos(), limit, backward, cursor))
                .block(Duration.ofSeconds(120));
    }

    private static List<String> ids(List<LogLine> lines) {
        return lines.stream().map(l -> l.event().id()).toList();
    }

    private static List<String> ids(List<ArchivedEvent> events, boolean unused) {
        return events.stream().map(ArchivedEvent::id).toList();
    }

    @Test
    void aNeedleAndAStreamFilterFindExactlyTheMatchingLines() {
        assertThat(ids(logs("t1", "{service=\"api\", level=~\"WARN|ERROR\"} |= \"timeout after 1\"", 5000, true, null).lines()))
                .containsExactlyElementsOf(ids(expected("t1", e -> e.service().equals("api") && e.level().matches("WARN|ERROR")
                        && e.message().contains("timeout after 1"), true), true));
        assertThat(ids(logs("t2", "{} |= \"key=k49\"", 5000, false, null).lines()))
                .containsExactlyElementsOf(ids(expected("t2", e -> e.message().contains("key=k49"), false), true));
    }

    @Test
    void pagingOverHotAndArchiveReturnsEveryLineOnce() {
        List<String> got = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            LogsResult page = logs("t1", "{}", 90, true, cursor);
            got.addAll(ids(page.lines()));
            cursor = page.nextCursor();
        } while (cursor != null && ++pages < 100);
        assertThat(got).containsExactlyElementsOf(ids(expected("t1", e -> true, true), true));
        assertThat(new HashSet<>(got)).hasSize(got.size());
    }

    @Test
    void theIndexNamesTheStreamsLabelsAndValues() {
        Set<String> services = new TreeSet<>();
        expected("t1", e -> true, true).forEach(e -> services.add(e.service()));
        assertThat(engine.labels("t1", EngineFixture.fromNanos(), EngineFixture.toNanos()).block())
                .containsExactly("host", "level", "service");
        assertThat(engine.labelValues("t1", "service", EngineFixture.fromNanos(), EngineFixture.toNanos()).block())
                .containsExactlyElementsOf(services);
        Set<Map<String, String>> want = new HashSet<>();
        expected("t1", e -> e.service().equals("db"), true)
                .forEach(e -> want.add(Map.of("service", e.service(), "host", e.host(), "level", e.level())));
        assertThat(engine.series("t1", List.of("{service=\"db\"}"), EngineFixture.fromNanos(), EngineFixture.toNanos()).block())
                .containsExactlyInAnyOrderElementsOf(want);
        assertThat(engine.labels("nobody", EngineFixture.fromNanos(), EngineFixture.toNanos()).block()).isEmpty();
    }

    @Test
    void theIndexOnlyHistogramEqualsTheDecodedOneAndTheTruth() {
        long minute = 60_000_000_000L;
        long start = EngineFixture.fromNanos() + 5 * minute;
        long end = EngineFixture.fromNanos() + 125 * minute;
        MetricResult indexed = engine.metric(new MetricRequest("t1", "sum by (level) (count_over_time({}[5m]))", start, end, 5 * minute))
                .block(Duration.ofSeconds(120));
        MetricResult decoded = engine.metric(new MetricRequest("t1", "sum by (level) (count_over_time({} |~ \".\" [5m]))", start, end, 5 * minute))
                .block(Duration.ofSeconds(120));
        Map<Map<String, String>, Map<Long, Double>> want = new java.util.HashMap<>();
        for (long t = start; t <= end; t += 5 * minute) {
            long at = t;
            for (ArchivedEvent e : expected("t1", x -> x.timestampNanos() > at - 5 * minute && x.timestampNanos() <= at, true)) {
                want.computeIfAbsent(Map.of("level", e.level()), k -> new java.util.TreeMap<>()).merge(at, 1.0, Double::sum);
            }
        }
        assertThat(table(indexed)).isEqualTo(want);
        assertThat(table(decoded)).isEqualTo(want);
        assertThat(indexed.stats().chunksRead()).isLessThan(decoded.stats().chunksRead());
    }

    private static Map<Map<String, String>, Map<Long, Double>> table(MetricResult r) {
        Map<Map<String, String>, Map<Long, Double>> out = new java.util.HashMap<>();
        r.series().forEach(s -> s.points().forEach(p -> out.computeIfAbsent(s.metric(), k -> new java.util.TreeMap<>()).put(p.tsNanos(), p.value())));
        return out;
    }
}

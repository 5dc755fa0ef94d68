package io.sluice.pipeline.mine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.template.Aliases;
import io.sluice.logstore.template.TemplateWriter;
import io.sluice.patterns.eval.GroupingAccuracy;
import io.sluice.patterns.eval.LoghubDataset;
import io.sluice.patterns.eval.LoghubEvaluation;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quality bar of issue 5 through the real pipeline: the eight Loghub-2k systems' contents (extracted
 * with each system's log_format and masked as the logparser benchmark does) go through the Redis buffer
 * into a pipeline, one service per system; each archived event's template id is resolved through the
 * template store's aliases and scored against the ground truth. Then a second pipeline, restored from the
 * store, mines the same lines again as new events and must give them the same templates.
 */
class LoghubPipelineAccuracyTest {

    static final long T0 = 1_764_000_000_000_000_000L;
    static final int EVENTS_PER_ENTRY = 500;
    /** Lines of each system sent again to the restarted pipeline. */
    static final int RESTART_LINES = 400;

    static List<LoghubDataset> datasets;
    static TestRedis redis;
    static TestDatabase database;
    static final String TENANT = "ga-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isDirectory(LoghubEvaluation.ROOT),
                "Loghub-2k data not found at " + LoghubEvaluation.ROOT.toAbsolutePath() + " (../shared is outside this clone)");
        datasets = LoghubEvaluation.datasets(LoghubEvaluation.ROOT);
        redis = new TestRedis();
        database = new TestDatabase();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
            database.drop();
        }
    }

    @Test
    void groupingAccuracyThroughThePipelineMeetsTheBarAndARestartedPipelineKeepsTheIds() {
        Map<String, List<Long>> firstIds = new LinkedHashMap<>();
        Map<String, Double> ga = new LinkedHashMap<>();
        try (MiningPipeline pipeline = new MiningPipeline(redis, database, "ga-1")) {
            Map<String, List<String>> events = push(pipeline, 0, Integer.MAX_VALUE);
            awaitStoredCount(datasets.size() * 2000L);
            for (LoghubDataset d : datasets) {
                firstIds.put(d.name(), archivedTemplateIds(pipeline, events.get(d.name())));
                ga.put(d.name(), GroupingAccuracy.of(d.eventIds(), resolved(pipeline, d.name(), firstIds.get(d.name()))));
            }
        }
        StringBuilder table = new StringBuilder("\n| system | GA through the pipeline (ids resolved through the stored aliases) |\n|---|---|\n");
        ga.forEach((name, value) -> table.append(String.format("| %s | %.4f |%n", name, value)));
        double average = ga.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        table.append(String.format("| average | %.4f |%n", average));
        System.out.println(table);
        assertThat(ga).hasSize(8);
        assertThat(average).as("average GA").isGreaterThanOrEqualTo(0.95);
        assertThat(ga).allSatisfy((name, value) -> assertThat(value).as("GA of " + name).isGreaterThanOrEqualTo(0.85));

        try (MiningPipeline restarted = new MiningPipeline(redis, database, "ga-2")) {
            Map<String, List<String>> events = push(restarted, 1, RESTART_LINES);
            awaitStoredCount(datasets.size() * (2000L + RESTART_LINES));
            for (LoghubDataset d : datasets) {
                List<Long> before = resolved(restarted, d.name(), firstIds.get(d.name()).subList(0, RESTART_LINES));
                List<Long> after = resolved(restarted, d.name(), archivedTemplateIds(restarted, events.get(d.name())));
                assertThat(after).as("templates of %s's lines after a restart", d.name()).isEqualTo(before);
            }
        }
    }

    /**
     * Sends the first {@code lines} contents of every system through the buffer (new event ids, one buffer
     * stream per system); returns the event ids per system, in line order.
     */
    Map<String, List<String>> push(MiningPipeline pipeline, int round, int lines) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        int before = pipeline.archive().archived();
        int expected = before;
        long started = System.nanoTime();
        for (int shard = 0; shard < datasets.size(); shard++) {
            LoghubDataset d = datasets.get(shard);
            String stream = redis.keys().bufferStream(TENANT, shard);
            List<String> systemIds = new ArrayList<>(d.contents().size());
            List<LogEvent> entry = new ArrayList<>(EVENTS_PER_ENTRY);
            for (int i = 0; i < Math.min(lines, d.contents().size()); i++) {
                LogEvent e = LogEvent.newBuilder().setId(EventIds.next()).setTenant(TENANT).setService(d.name()).setHost("h")
                        .setLevel("INFO").setTimestampUnixNanos(T0 + (round * 10_000L + i) * 1_000_000L).setMessage(d.contents().get(i))
                        .build();
                systemIds.add(e.getId());
                entry.add(e);
                if (entry.size() == EVENTS_PER_ENTRY) {
                    redis.addBatch(stream, entry);
                    entry = new ArrayList<>(EVENTS_PER_ENTRY);
                }
            }
            if (!entry.isEmpty()) {
                redis.addBatch(stream, entry);
            }
            ids.put(d.name(), systemIds);
            expected += systemIds.size();
        }
        int total = expected;
        await().atMost(Duration.ofMinutes(6)).until(() -> pipeline.archive().archived() == total);
        System.out.printf("round %d: %d events archived in %d ms%n", round, total - before, (System.nanoTime() - started) / 1_000_000);
        return ids;
    }

    /** The template id each of {@code eventIds} was archived with, as the pipeline wrote it. */
    static List<Long> archivedTemplateIds(MiningPipeline pipeline, List<String> eventIds) {
        List<Long> out = new ArrayList<>(eventIds.size());
        for (String id : eventIds) {
            Long stored = pipeline.archive().templateIdOf(id);
            assertThat(stored).as("template id of archived event %s", id).isNotNull().isNotZero();
            out.add(stored);
        }
        return out;
    }

    /**
     * {@code templateIds} resolved through the aliases the template store holds for {@code service} (events
     * archived before a merge carry the merged-away id).
     */
    static List<Long> resolved(MiningPipeline pipeline, String service, List<Long> templateIds) {
        Aliases aliases = Aliases.of(pipeline.bean(TemplateWriter.class).load(TENANT, service, 1).block(Duration.ofSeconds(30)).aliases());
        return templateIds.stream().map(aliases::resolve).toList();
    }

    /**
     * Waits for the flusher to have written the counts of {@code lines} lines (at least: a flush whose
     * answer was lost to a timeout is retried and may count twice).
     */
    static void awaitStoredCount(long lines) {
        await().atMost(Duration.ofMinutes(3)).until(
                () -> database.queryLong("SELECT COALESCE(SUM(count), 0) FROM log_template WHERE tenant = '" + TENANT + "'") >= lines);
    }
}

package io.sluice.logstore.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.EventIds;
import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.LabelMatcher.MatchOp;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Pruning by time, labels, level, template and bloom never loses a true match: checked against a brute-force scan. */
class ChunkPruningTest {

    static final long T0 = 1_764_000_000_000_000_000L;
    static final long SPAN = 30 * 60_000_000_000L;
    static final String[] SERVICES = {"api", "db", "web-1"};
    static final String[] HOSTS = {"h1", "h2"};
    static final String[] LEVELS = {"INFO", "WARN", "ERROR", ""};
    static final String[] WORDS = {"GET", "/health", "200", "user=ada", "latency", "ms", "timeout", "conn", "reset", "Ünïcode", "ok", "retry"};

    static TestArchive archive;
    static ChunkScan scan;
    static List<ArchivedEvent> all = new ArrayList<>();

    @BeforeAll
    static void start() {
        archive = new TestArchive(Map.of("sluice.logstore.chunk.max-events", "20"));
        scan = archive.bean(ChunkScan.class);
        Random random = new Random(11);
        List<ArchiveEntry> entries = new ArrayList<>();
        for (int entry = 0; entry < 30; entry++) {
            EventIds.Batch ids = EventIds.batch();
            List<ArchivedEvent> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                StringBuilder message = new StringBuilder();
                for (int w = 0; w < 2 + random.nextInt(6); w++) {
                    message.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                if (random.nextInt(40) == 0) {
                    message.append(" rare-token-").append(random.nextInt(3));
                }
                events.add(new ArchivedEvent(ids.next(), "prune", T0 + (long) (random.nextDouble() * SPAN),
                        SERVICES[random.nextInt(SERVICES.length)], HOSTS[random.nextInt(HOSTS.length)], LEVELS[random.nextInt(LEVELS.length)],
                        message.toString(), null, null, random.nextInt(8), ""));
            }
            all.addAll(events);
            entries.add(new ArchiveEntry("prune/" + entry, events));
        }
        archive.bean(ArchiveSink.class).write(entries).block(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    record Query(ScanRequest request) {
        boolean matches(ArchivedEvent e) {
            ScanRequest r = request;
            if (e.timestampNanos() < r.fromNanos() || e.timestampNanos() >= r.toNanos()) {
                return false;
            }
            for (LabelMatcher m : r.streamMatchers()) {
                String value = switch (m.label()) {
                    case "service" -> e.service();
                    case "host" -> e.host();
                    default -> e.level();
                };
                if (!m.matches(value)) {
                    return false;
                }
            }
            if (!r.requiredTokens().stream().allMatch(e.message()::contains)) {
                return false;
            }
            return r.templateIds().isEmpty() || r.templateIds().contains(e.templateId());
        }
    }

    static Query randomQuery(Random random) {
        long from = T0 - 60_000_000_000L + (long) (random.nextDouble() * SPAN);
        long to = from + (long) (random.nextDouble() * SPAN / 2) + 1;
        List<LabelMatcher> matchers = new ArrayList<>();
        if (random.nextBoolean()) {
            MatchOp op = MatchOp.values()[random.nextInt(4)];
            matchers.add(new LabelMatcher("service", op, op == MatchOp.RE || op == MatchOp.NRE ? "web.*|db" : SERVICES[random.nextInt(3)]));
        }
        if (random.nextInt(3) == 0) {
            matchers.add(new LabelMatcher("host", MatchOp.EQ, HOSTS[random.nextInt(2)]));
        }
        if (random.nextBoolean()) {
            matchers.add(random.nextBoolean() ? new LabelMatcher("level", MatchOp.EQ, LEVELS[random.nextInt(LEVELS.length)])
                    : new LabelMatcher("level", MatchOp.RE, "WARN|ERROR"));
        }
        List<String> tokens = new ArrayList<>();
        int kind = random.nextInt(4);
        if (kind == 1) {
            tokens.add("rare-token-" + random.nextInt(3));
        } else if (kind == 2) {
            String line = all.get(random.nextInt(all.size())).message();
            int at = random.nextInt(line.length());
            tokens.add(line.substring(at, Math.min(line.length(), at + 1 + random.nextInt(8))));
        } else if (kind == 3) {
            tokens.add("ms t");
        }
        Set<Long> templates = new HashSet<>();
        if (random.nextInt(3) == 0) {
            templates.add((long) random.nextInt(8));
            templates.add((long) random.nextInt(8));
        }
        return new Query(new ScanRequest("prune", from, to, matchers, tokens, templates, random.nextBoolean()));
    }

    @Test
    void everyTrueMatchIsInAChunkTheScanReturnsAndChunksComeInTheRequestedOrder() {
        Random random = new Random(5);
        for (int i = 0; i < 60; i++) {
            Query q = randomQuery(random);
            List<String> expected = all.stream().filter(q::matches).map(ArchivedEvent::id).toList();
            List<ChunkRef> refs = scan.find(q.request()).collectList().block(Duration.ofSeconds(30));
            Comparator<ChunkRef> order = Comparator.comparingLong(ChunkRef::minTsNanos);
            assertThat(refs).isSortedAccordingTo(q.request().newestFirst() ? order.reversed() : order);
            List<String> actual = Flux.fromIterable(refs).concatMap(ref -> scan.read(ref).flatMapMany(Flux::fromIterable))
                    .filter(q::matches).map(ArchivedEvent::id).collectList().block(Duration.ofSeconds(30));
            assertThat(actual).as("query %s", q.request()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theBloomPrunesChunksThatCannotHoldTheNeedle() {
        ScanRequest everything = new ScanRequest("prune", T0 - 1, T0 + SPAN + 1, List.of(), List.of(), Set.of(), false);
        long chunks = scan.find(everything).count().block(Duration.ofSeconds(30));
        ScanRequest needle = new ScanRequest("prune", T0 - 1, T0 + SPAN + 1, List.of(), List.of("rare-token-1"), Set.of(), false);
        long withNeedle = all.stream().filter(e -> e.message().contains("rare-token-1")).count();
        long found = scan.find(needle).count().block(Duration.ofSeconds(30));
        assertThat(found).isGreaterThanOrEqualTo(Math.min(1, withNeedle)).isLessThan(chunks / 3);
        ScanRequest absent = new ScanRequest("prune", T0 - 1, T0 + SPAN + 1, List.of(), List.of("no-such-needle-QQ"), Set.of(), false);
        assertThat(scan.find(absent).count().block(Duration.ofSeconds(30))).isLessThan(chunks / 10 + 1);
    }

    @Test
    void levelCountsOfTheIndexRowsAddUpToTheEvents() {
        ScanRequest everything = new ScanRequest("prune", T0 - 1, T0 + SPAN + 1, List.of(), List.of(), Set.of(), false);
        List<ChunkRef> refs = scan.find(everything).collectList().block(Duration.ofSeconds(30));
        for (String level : LEVELS) {
            assertThat(refs.stream().mapToLong(r -> r.levelCounts().getOrDefault(level, 0L)).sum())
                    .isEqualTo(all.stream().filter(e -> e.level().equals(level)).count());
        }
        assertThat(refs).allMatch(r -> r.maxTsNanos() - r.minTsNanos() < 60_000_000_000L);
    }
}

package io.sluice.logstore.engine;

import static io.sluice.logstore.engine.EngineFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.query.QueryParseException;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.query.SearchTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;

/** Log queries over the hot tier (real Redis) and archive chunks, against answers computed here from the known events. */
class LogQueryTest {

    private static EngineFixture fixture;
    private static DefaultLogQueryEngine engine;

    @BeforeAll
    static void setUp() {
        fixture = new EngineFixture(600, 150, Duration.ZERO);
        engine = fixture.engine();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private static List<ArchivedEvent> expected(String tenant, Predicate<ArchivedEvent> p, boolean backward) {
        Comparator<ArchivedEvent> order = LineOrder.of(backward);
        return fixture.events.stream().filter(e -> e.tenant().equals(tenant)).filter(p).sorted(order).toList();
    }

    private static LogsResult logs(String tenant, String query, int limit, boolean backward, String cursor) {
        return engine.logs(new LogsRequest(tenant, query, EngineFixture.fromNanos(), EngineFixture.toNanos(), limit, backward, cursor)).block();
    }

    @Test
    void aSelectorAndLineFilterReturnTheNewestMatchesFirst() {
        List<ArchivedEvent> want = expected("t1", e -> e.service().equals("api") && e.message().contains("timeout"), true);
        LogsResult r = logs("t1", "{service=\"api\"} |= \"timeout\"", 20, true, null);
        assertThat(r.lines()).extracting(LogLine::event).containsExactlyElementsOf(want.subList(0, 20));
        assertThat(r.lines()).allSatisfy(l -> {
            assertThat(l.line()).isEqualTo(l.event().message());
            assertThat(l.labels()).containsEntry("service", "api").containsEntry("host", l.event().host())
                    .containsEntry("level", l.event().level());
        });
        assertThat(r.nextCursor()).isNotNull();
    }

    @Test
    void everyMatcherAndFilterOperatorSelectsWhatItSays() {
        Pattern miss = Pattern.compile("miss key=k\\d*7");
        List<ArchivedEvent> want = expected("t1", e -> !e.service().equals("db") && e.host().matches("h[12]")
                && !e.level().matches("DEBUG|INFO") && e.message().startsWith("cache") && !e.message().contains("hit")
                && !miss.matcher(e.message()).find(), false);
        LogsResult r = logs("t1", "{service!=\"db\", host=~\"h[12]\", level!~\"DEBUG|INFO\"} |= \"cache\" != \"hit\" !~ \"miss key=k\\\\d*7\"",
                1000, false, null);
        assertThat(want).isNotEmpty();
        assertThat(r.lines()).extracting(LogLine::event).containsExactlyElementsOf(want);
        assertThat(r.nextCursor()).isNull();
    }

    @Test
    void parsersLabelFiltersAndLineFormatSeeTheLine() {
        Pattern logfmt = Pattern.compile("user=(u\\d+) action=login latency_ms=(\\d+)");
        List<String> want = new ArrayList<>();
        for (ArchivedEvent e : expected("t1", e -> true, true)) {
            Matcher m = logfmt.matcher(e.message());
            if (e.service().equals("web") && m.matches() && Integer.parseInt(m.group(2)) > 500) {
                want.add(m.group(1) + " took " + m.group(2));
            }
        }
        LogsResult r = logs("t1", "{service=\"web\"} |= \"action=login\" | logfmt | latency_ms > 500 | line_format \"{{.user}} took {{.latency_ms}}\"",
                1000, true, null);
        assertThat(want).isNotEmpty();
        assertThat(r.lines()).extracting(LogLine::line).containsExactlyElementsOf(want);
        assertThat(r.lines()).allSatisfy(l -> assertThat(l.labels()).containsKeys("user", "action", "latency_ms"));

        long json = expected("t1", e -> e.message().startsWith("{") && e.message().contains("\"status\":503"), true).size();
        assertThat(logs("t1", "{} | json | __error__=\"\" | status = 503", 1000, true, null).lines()).hasSize((int) json);
        // Stored fields are visible to label filters without a parser.
        assertThat(logs("t1", "{} | status = 503 | __error__=\"\"", 1000, true, null).lines()).hasSize((int) json);
    }

    @Test
    void cursorPagingReturnsEveryLineExactlyOnceInBothDirections() {
        for (boolean backward : new boolean[] {true, false}) {
            List<ArchivedEvent> want = expected("t1", e -> !e.level().equals("DEBUG"), backward);
            List<ArchivedEvent> got = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                LogsResult page = logs("t1", "{level!=\"DEBUG\"}", 7, backward, cursor);
                assertThat(page.lines()).hasSizeLessThanOrEqualTo(7);
                page.lines().forEach(l -> got.add(l.event()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 1000);
            assertThat(got).containsExactlyElementsOf(want);
        }
    }

    @Test
    void eventsInBothTiersAreShownOnceWhicheverTierAnswers() {
        assertThat(fixture.hotCoveredFromNanos).isLessThan(Long.MAX_VALUE);
        // Every event lies in the archive; the newest 150 also in the hot tier, some older than what it covers completely.
        assertThat(fixture.hotEvents).anyMatch(e -> e.timestampNanos() < fixture.hotCoveredFromNanos);

        // A range reaching before what the hot tier covers: the archive answers all of it, the stream is not read.
        LogsResult whole = logs("t1", "{}", 5000, true, null);
        assertThat(whole.lines()).extracting(LogLine::event).containsExactlyElementsOf(expected("t1", e -> true, true));
        Set<String> ids = new HashSet<>();
        whole.lines().forEach(l -> assertThat(ids.add(l.event().id())).isTrue());
        assertThat(whole.stats().hotEventsScanned()).isZero();

        // A range the hot tier covers: it answers alone, late events included once, no chunk is looked at.
        long from = fixture.hotCoveredFromNanos;
        LogsResult recent = engine.logs(new LogsRequest("t1", "{}", from, EngineFixture.toNanos(), 5000, true, null)).block();
        List<ArchivedEvent> want = expected("t1", e -> e.timestampNanos() >= from, true);
        assertThat(want).isNotEmpty();
        assertThat(recent.lines()).extracting(LogLine::event).containsExactlyElementsOf(want);
        assertThat(recent.stats().hotEventsScanned()).isPositive().isLessThanOrEqualTo(150);
        assertThat(recent.stats().chunksTotal()).isZero();
    }

    @Test
    void aSmallLimitLeavesOlderChunksUnread() {
        LogsResult r = logs("t1", "{service=\"db\"}", 3, true, null);
        assertThat(r.lines()).extracting(LogLine::event)
                .containsExactlyElementsOf(expected("t1", e -> e.service().equals("db"), true).subList(0, 3));
        assertThat(r.stats().chunksRead()).isLessThan(r.stats().chunksTotal());
    }

    @Test
    void tenantsSeeOnlyTheirOwnEvents() {
        LogsResult r = logs("t2", "{}", 5000, false, null);
        assertThat(r.lines()).extracting(LogLine::event).containsExactlyElementsOf(expected("t2", e -> true, false));
        assertThat(logs("t3", "{}", 10, true, null).lines()).isEmpty();
    }

    @Test
    void aTimeRangeBoundsTheLines() {
        long from = (EngineFixture.BASE_MS + 1_800_000) * MS;
        long to = (EngineFixture.BASE_MS + 3_600_000) * MS;
        LogsResult r = engine.logs(new LogsRequest("t1", "{}", from, to, 5000, false, null)).block();
        assertThat(r.lines()).extracting(LogLine::event)
                .containsExactlyElementsOf(expected("t1", e -> e.timestampNanos() >= from && e.timestampNanos() < to, false));
    }

    @Test
    void queryTextErrorsAndBadRequestsAreRefusedClearly() {
        StepVerifier.create(engine.logs(new LogsRequest("t1", "{service=}", 0, 1, 10, true, null)))
                .expectError(QueryParseException.class).verify();
        StepVerifier.create(engine.logs(new LogsRequest("t1", "{}", 0, 1, 10, true, "not-a-cursor!")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor"))
                .verify();
        StepVerifier.create(engine.logs(new LogsRequest("t1", "{}", 0, 1, 1_000_000, true, null)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(QueryLimitException.class).hasMessageContaining("max-lines"))
                .verify();
    }

    @Test
    void aQueryOverItsByteBoundFailsAndTheEngineKeepsAnswering() {
        EngineProperties tight = new EngineProperties(5000, 10_000, 2_000_000, DataSize.ofBytes(2_000), 4, 2,
                EngineFixture.SKEW, 2000, 500_000, 64, DataSize.ofMegabytes(16));
        DefaultLogQueryEngine small = fixture.engine(tight, Duration.ofSeconds(30));
        StepVerifier.create(small.logs(new LogsRequest("t2", "{} |= \"no such text anywhere\" or \"x\"", EngineFixture.fromNanos(),
                        EngineFixture.toNanos(), 100, true, null)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(QueryLimitException.class).hasMessageContaining("max-bytes-scanned"))
                .verify();
        assertThat(small.logs(new LogsRequest("t2", "{}", EngineFixture.fromNanos(), EngineFixture.toNanos(), 5, true, null)).block()
                .lines()).hasSize(5);
    }

    @Test
    void aQueryOverItsTimeBudgetIsStopped() {
        try (EngineFixture slow = new EngineFixture(100, 0, Duration.ofMillis(300))) {
            DefaultLogQueryEngine engine = slow.engine(EngineProperties.defaults(), Duration.ofMillis(200));
            StepVerifier.create(engine.logs(new LogsRequest("t1", "{} |= \"nothing matches this\" or \"y\"", EngineFixture.fromNanos(),
                            EngineFixture.toNanos(), 10, true, null)))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SearchTimeoutException.class).hasMessageContaining("query-timeout"))
                    .verify(Duration.ofSeconds(5));
        }
    }
}

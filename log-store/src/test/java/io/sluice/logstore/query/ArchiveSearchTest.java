package io.sluice.logstore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.R2dbcException;
import io.sluice.common.query.LogQuery;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.schema.ArchiveSchema;
import io.sluice.logstore.write.ArchiveWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.r2dbc.core.DatabaseClient;

class ArchiveSearchTest {

    static final long T0 = 1_764_000_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final String TENANT = "acme";

    static TestArchive archive;
    static ArchiveSearch search;
    static final List<ArchivedEvent> EVENTS = new ArrayList<>();

    @BeforeAll
    static void start() {
        archive = new TestArchive();
        search = archive.bean(ArchiveSearch.class);
        add("01", TENANT, 1, "checkout", "h1", "ERROR", "payment timeout after 3s");
        add("02", TENANT, 2, "checkout", "h2", "INFO", "payment ok");
        add("03", TENANT, 3, "cart", "h1", "WARN", "Payment TIMEOUT retry 2");
        add("04", TENANT, 4, "cart", "h2", "ERROR", "it's 100% done_now; \\path");
        add("05", TENANT, 5, "check'out", "h3", "DEBUG", "quote ' and \" and `back` ticks");
        add("06", TENANT, 6, "cart", "h1", "INFO", "abc");
        add("07", TENANT, 6, "cart", "h1", "INFO", "axc");
        add("08", TENANT, 7, "checkout", "h1", "ERROR", "'; DROP TABLE log_event; --");
        add("09", TENANT, 60, "checkout", "h1", "ERROR", "at the end of the range");
        add("10", "other", 5, "checkout", "h1", "ERROR", "payment timeout after 3s");
        assertThat(archive.bean(ArchiveWriter.class).write(EVENTS).block(Duration.ofSeconds(10))).isEqualTo(EVENTS.size());
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    static void add(String id, String tenant, int second, String service, String host, String level, String message) {
        EVENTS.add(new ArchivedEvent("0".repeat(30) + id, tenant, T0 + second * SECOND, service, host, level, message,
                "{\"n\":" + Integer.parseInt(id) + "}", null));
    }

    static SearchResult run(String query) {
        return run(query, T0, T0 + 60 * SECOND, 100);
    }

    static SearchResult run(String query, long from, long to, int limit) {
        return search.search(new SearchRequest(TENANT, LogQuery.parse(query), from, to, limit)).block(Duration.ofSeconds(10));
    }

    static List<String> messages(SearchResult r) {
        return r.events().stream().map(ArchivedEvent::message).toList();
    }

    @Test
    void emptySelectorReturnsEveryEventOfTheTenantInRangeNewestFirstWithTiesBrokenByIdDescending() {
        SearchResult r = run("{}");
        assertThat(r.total()).isEqualTo(8);
        assertThat(r.events()).extracting(ArchivedEvent::id)
                .containsExactly("0".repeat(30) + "08", "0".repeat(30) + "07", "0".repeat(30) + "06", "0".repeat(30) + "05",
                        "0".repeat(30) + "04", "0".repeat(30) + "03", "0".repeat(30) + "02", "0".repeat(30) + "01");
        assertThat(r.events()).allSatisfy(e -> assertThat(e.tenant()).isEqualTo(TENANT));
    }

    @Test
    void returnedEventsCarryEveryColumn() {
        ArchivedEvent e = run("{host=\"h2\", level=\"INFO\"}").events().get(0);
        assertThat(e).isEqualTo(EVENTS.get(1));
    }

    @Test
    void timeRangeIncludesFromAndExcludesTo() {
        assertThat(run("{}", T0 + 2 * SECOND, T0 + 4 * SECOND, 100).events()).extracting(ArchivedEvent::message)
                .containsExactly("Payment TIMEOUT retry 2", "payment ok");
        assertThat(run("{}", T0 + 60 * SECOND, T0 + 61 * SECOND, 100).total()).isEqualTo(1);
    }

    @Test
    void lineFiltersAreCaseSensitive() {
        assertThat(messages(run("{} |= \"timeout\""))).containsExactly("payment timeout after 3s");
        assertThat(messages(run("{} |= \"TIMEOUT\""))).containsExactly("Payment TIMEOUT retry 2");
        assertThat(messages(run("{} |~ \"[Pp]ayment (timeout|TIMEOUT)\""))).containsExactly("Payment TIMEOUT retry 2", "payment timeout after 3s");
        assertThat(run("{} |~ \"PAYMENT\"").total()).isZero();
    }

    @Test
    void labelSelectorsAreCaseSensitiveExactValues() {
        assertThat(run("{service=\"checkout\"}").total()).isEqualTo(3);
        assertThat(run("{service=\"Checkout\"}").total()).isZero();
        assertThat(run("{service=\"check\"}").total()).isZero();
    }

    @Test
    void labelRegularExpressionsAreAnchoredAtBothEnds() {
        assertThat(run("{service=~\"check\"}").total()).isZero();
        assertThat(run("{service=~\"check.*\", level!=\"INFO\"}").total()).isEqualTo(3);
        assertThat(run("{level!~\"ERROR|WARN\"}").total()).isEqualTo(4);
    }

    @Test
    void limitBoundsTheEventsButTotalCountsEveryMatch() {
        SearchResult r = run("{}", T0, T0 + 60 * SECOND, 2);
        assertThat(r.total()).isEqualTo(8);
        assertThat(r.events()).extracting(ArchivedEvent::message).containsExactly("'; DROP TABLE log_event; --", "axc");
        SearchResult countOnly = run("{service=\"cart\"}", T0, T0 + 60 * SECOND, 0);
        assertThat(countOnly.total()).isEqualTo(4);
        assertThat(countOnly.events()).isEmpty();
    }

    @Test
    void hostileQueryTextIsMatchedLiterallyAndChangesNothing() {
        assertThat(messages(run("{} |= `'; DROP TABLE log_event; --`"))).containsExactly("'; DROP TABLE log_event; --");
        assertThat(messages(run("{} |= \"100% done_now; \\\\path\""))).containsExactly("it's 100% done_now; \\path");
        assertThat(messages(run("{} |= \"%\""))).containsExactly("it's 100% done_now; \\path");
        assertThat(messages(run("{} |= \"_\""))).containsExactly("'; DROP TABLE log_event; --", "it's 100% done_now; \\path");
        assertThat(run("{} |= \"a_c\"").total()).isZero();
        assertThat(run("{} |= \"\\\\\"").total()).isEqualTo(1);
        assertThat(messages(run("{} |= `' and \" and`"))).containsExactly("quote ' and \" and `back` ticks");
        assertThat(run("{service=\"check'out\"}").total()).isEqualTo(1);
        assertThat(run("{service=\"x' OR '1'='1\"}").total()).isZero();
        assertThat(run("{host=~\".*' OR 1=1 -- \"}").total()).isZero();
        assertThat(archive.database().queryLong("SELECT COUNT(*) FROM log_event")).isEqualTo(EVENTS.size());
    }

    @Test
    void anotherTenantsEventsAreNeverReturned() {
        assertThat(run("{} |= \"payment timeout\"").events()).extracting(ArchivedEvent::tenant).containsOnly(TENANT);
        assertThat(search.search(new SearchRequest("nobody", LogQuery.parse("{}"), 0, Long.MAX_VALUE, 10)).block().total()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{service=\"cart\"} != \"abc\"",
        "{level=~\"ERROR|WARN\"} |~ \"[0-9]+\"",
        "{host!=\"h1\"} !~ \"^payment\"",
        "{service!~\"cart|check.*\"}",
        "{} |= \"a\" != \"b\" |~ \"[a-z]{3}\"",
        "{level=\"error\"}",
        "{host=~\"h[12]\", level!=\"ERROR\"} |= \"\"",
        "{} !~ \"x|y\""
    })
    void theSqlTranslationSelectsExactlyWhatTheReferenceMatcherSelects(String query) {
        LogQuery q = LogQuery.parse(query);
        List<ArchivedEvent> expected = EVENTS.stream()
                .filter(e -> e.tenant().equals(TENANT) && e.timestampNanos() < T0 + 60 * SECOND)
                .filter(e -> q.matches(e.service(), e.host(), e.level(), e.message()))
                .sorted(Comparator.comparingLong(ArchivedEvent::timestampNanos).thenComparing(ArchivedEvent::id).reversed())
                .toList();
        SearchResult r = run(query);
        assertThat(r.events()).containsExactlyElementsOf(expected);
        assertThat(r.total()).isEqualTo(expected.size());
    }

    @Test
    void limitAboveTheMaximumIsRejected() {
        assertThatThrownBy(() -> new SearchRequest(TENANT, LogQuery.parse("{}"), 0, 1, SearchRequest.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10000");
    }

    @Test
    void aSearchThatOutlivesTheQueryTimeoutIsAbortedByTheServer() throws Exception {
        ArchiveSearch impatient = new ArchiveSearch(archive.bean(DatabaseClient.class), archive.bean(ArchiveSchema.class), Duration.ofMillis(300));
        try (Connection lock = archive.database().connect(); Statement s = lock.createStatement()) {
            s.execute("LOCK TABLES log_event WRITE");
            long start = System.nanoTime();
            Throwable error = Assertions.catchThrowable(() -> impatient.search(
                    new SearchRequest(TENANT, LogQuery.parse("{}"), T0, T0 + 60 * SECOND, 10)).block(Duration.ofSeconds(10)));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            s.execute("UNLOCK TABLES");
            assertThat(error).isInstanceOf(SearchTimeoutException.class).hasMessageContaining("300 ms");
            assertThat(error).hasRootCauseInstanceOf(R2dbcException.class);
            assertThat(elapsedMillis).isLessThan(1300);
        }
        assertThat(impatient.search(new SearchRequest(TENANT, LogQuery.parse("{}"), T0, T0 + 60 * SECOND, 10)).block().total()).isEqualTo(8);
    }
}

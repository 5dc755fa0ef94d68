package io.sluice.admin.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.admin.AdminProperties;
import io.sluice.common.event.Timestamps;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SearchCriteriaParserTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00.5Z");
    private static final long NOW_NANOS = Timestamps.toNanos(NOW);

    private final SearchCriteriaParser parser = new SearchCriteriaParser(properties(10000, 100, Duration.ofHours(1)));

    @Test
    void noParametersMeanAllStreamsOverTheLastHourWithTheDefaultLimit() {
        SearchCriteria c = parser.parse(null, null, null, null, NOW);

        assertThat(c.queryText()).isEqualTo("{}");
        assertThat(c.query().matchers()).isEmpty();
        assertThat(c.toNanos()).isEqualTo(NOW_NANOS);
        assertThat(c.fromNanos()).isEqualTo(NOW_NANOS - Duration.ofHours(1).toNanos());
        assertThat(c.limit()).isEqualTo(100);
    }

    @Test
    void blankParametersAreTreatedAsMissing() {
        SearchCriteria c = parser.parse("  ", "", " ", "", NOW);

        assertThat(c.queryText()).isEqualTo("{}");
        assertThat(c.toNanos() - c.fromNanos()).isEqualTo(Duration.ofHours(1).toNanos());
        assertThat(c.limit()).isEqualTo(100);
    }

    @Test
    void onlyAnEndMeansTheDefaultRangeBeforeIt() {
        SearchCriteria c = parser.parse(null, null, "2026-11-24T10:00:00Z", null, NOW);

        assertThat(c.toNanos()).isEqualTo(Timestamps.parseNanos("2026-11-24T10:00:00Z"));
        assertThat(c.fromNanos()).isEqualTo(Timestamps.parseNanos("2026-11-24T09:00:00Z"));
    }

    @Test
    void onlyAStartMeansUpToNow() {
        SearchCriteria c = parser.parse(null, "1764000000000", null, null, NOW);

        assertThat(c.fromNanos()).isEqualTo(1_764_000_000_000L * 1_000_000L);
        assertThat(c.toNanos()).isEqualTo(NOW_NANOS);
    }

    @Test
    void relativeTimesCountBackFromNow() {
        assertThat(parser.parse(null, "now-15m", "now", null, NOW).fromNanos()).isEqualTo(NOW_NANOS - Duration.ofMinutes(15).toNanos());
        assertThat(parser.parse(null, "now-30s", null, null, NOW).fromNanos()).isEqualTo(NOW_NANOS - Duration.ofSeconds(30).toNanos());
        assertThat(parser.parse(null, "now-6h", null, null, NOW).fromNanos()).isEqualTo(NOW_NANOS - Duration.ofHours(6).toNanos());
        assertThat(parser.parse(null, "now-7d", null, null, NOW).fromNanos()).isEqualTo(NOW_NANOS - Duration.ofDays(7).toNanos());
        assertThat(parser.parse(null, "now-2w", null, null, NOW).fromNanos()).isEqualTo(NOW_NANOS - Duration.ofDays(14).toNanos());
        assertThat(parser.parse(null, " now - 1h ", " now ", null, NOW).toNanos()).isEqualTo(NOW_NANOS);
    }

    @Test
    void rfc3339KeepsNanoseconds() {
        SearchCriteria c = parser.parse(null, "2026-11-24T10:00:00.123456789+01:00", "2026-11-24T10:00:00.123456790+01:00", null, NOW);

        assertThat(c.toNanos() - c.fromNanos()).isEqualTo(1);
        assertThat(Timestamps.fromNanos(c.fromNanos())).isEqualTo(Instant.parse("2026-11-24T09:00:00.123456789Z"));
    }

    @Test
    void anEmptyRangeIsAllowedButAReversedOneIsNot() {
        assertThat(parser.parse(null, "now", "now", null, NOW).fromNanos()).isEqualTo(NOW_NANOS);
        assertThatThrownBy(() -> parser.parse(null, "now-1h", "now-2h", null, NOW))
                .isInstanceOfSatisfying(SearchInputException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("from");
                    assertThat(e.column()).isNull();
                    assertThat(e.getMessage()).isEqualTo("'from' (now-1h) is after 'to' (now-2h)");
                });
    }

    @Test
    void aQueryErrorKeepsTheColumn() {
        assertThatThrownBy(() -> parser.parse("{level=\"ERROR\" |= \"x\"", null, null, null, NOW))
                .isInstanceOfSatisfying(SearchInputException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("query");
                    assertThat(e.column()).isEqualTo(16);
                    assertThat(e.getMessage()).endsWith("at column 16");
                });
    }

    @Test
    void limitsOutsideOneToTheMaximumAreRejected() {
        assertThat(parser.parse(null, null, null, "1", NOW).limit()).isEqualTo(1);
        assertThat(parser.parse(null, null, null, " 10000 ", NOW).limit()).isEqualTo(10000);
        for (String bad : new String[] {"0", "-1", "10001", "1.5", "ten", "2147483648"}) {
            assertThatThrownBy(() -> parser.parse(null, null, null, bad, NOW))
                    .isInstanceOfSatisfying(SearchInputException.class, e -> assertThat(e.parameter()).isEqualTo("limit"))
                    .hasMessageContaining("must be a whole number from 1 to 10000");
        }
    }

    @Test
    void theConfiguredMaximumCannotExceedWhatTheQueryEngineAccepts() {
        SearchCriteriaParser generous = new SearchCriteriaParser(properties(50_000, 100, Duration.ofHours(1)), 10_000);

        assertThatThrownBy(() -> generous.parse(null, null, null, "20000", NOW)).hasMessageContaining("from 1 to 10000");
    }

    @Test
    void aSmallerConfiguredMaximumIsEnforced() {
        SearchCriteriaParser strict = new SearchCriteriaParser(properties(500, 50, Duration.ofMinutes(15)));

        assertThatThrownBy(() -> strict.parse(null, null, null, "501", NOW)).hasMessageContaining("from 1 to 500");
        SearchCriteria c = strict.parse(null, null, null, null, NOW);
        assertThat(c.limit()).isEqualTo(50);
        assertThat(c.toNanos() - c.fromNanos()).isEqualTo(Duration.ofMinutes(15).toNanos());
    }

    @Test
    void unparseableTimesNameTheParameterAndTheAcceptedForms() {
        assertThatThrownBy(() -> parser.parse(null, "last tuesday", null, null, NOW))
                .isInstanceOfSatisfying(SearchInputException.class, e -> assertThat(e.parameter()).isEqualTo("from"))
                .hasMessage("invalid 'from': 'last tuesday' is not RFC 3339 (e.g. 2026-11-24T10:15:30Z) or epoch milliseconds, or relative such as now-15m");
        assertThatThrownBy(() -> parser.parse(null, null, "now-5y", null, NOW))
                .isInstanceOfSatisfying(SearchInputException.class, e -> assertThat(e.parameter()).isEqualTo("to"));
        assertThatThrownBy(() -> parser.parse(null, "now-999999999w", null, null, NOW))
                .hasMessage("invalid 'from': 'now-999999999w' is out of range");
    }

    @Test
    void theDefaultRangeIsWrittenAsARelativeTime() {
        assertThat(RelativeTime.ago(Duration.ofHours(1))).isEqualTo("now-1h");
        assertThat(RelativeTime.ago(Duration.ofMinutes(90))).isEqualTo("now-90m");
        assertThat(RelativeTime.ago(Duration.ofDays(14))).isEqualTo("now-2w");
        assertThat(RelativeTime.ago(Duration.ofSeconds(61))).isEqualTo("now-61s");
        assertThat(RelativeTime.ago(Duration.ZERO)).isEqualTo("now");
    }

    static AdminProperties properties(int maxLimit, int defaultLimit, Duration defaultRange) {
        return new AdminProperties(true, "http://localhost:8083", maxLimit, defaultLimit, defaultRange, Duration.ofSeconds(3));
    }
}

package io.sluice.admin.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.admin.loki.LokiParams.InstantQuery;
import io.sluice.admin.loki.LokiParams.Range;
import io.sluice.admin.loki.LokiParams.RangeQuery;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Defaults and checks of Loki API parameters, as Loki applies them. */
class LokiParamsTest {

    private static final long S = 1_000_000_000L;
    private static final long NOW = 1_764_050_400L * S;
    private static final long HOUR = 3600 * S;

    private static LokiParams params(String... pairs) {
        MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.add(pairs[i], pairs[i + 1]);
        }
        return new LokiParams(values, NOW);
    }

    @Test
    void withoutBoundsARangeQueryCoversTheLastHourWithLokisDefaultStepLimitAndDirection() {
        RangeQuery q = params("query", "{app=\"a\"}").rangeQuery(HOUR, 5000);

        assertThat(q).isEqualTo(new RangeQuery("{app=\"a\"}", NOW - HOUR, NOW, 14 * S, 100, true));
    }

    @Test
    void sinceCountsBackFromTheEndUnlessTheEndIsInTheFuture() {
        assertThat(params("since", "5m", "end", Long.toString(NOW / S - 60)).range(HOUR))
                .isEqualTo(new Range(NOW - 6 * 60 * S, NOW - 60 * S));
        assertThat(params("since", "5m", "end", Long.toString(NOW / S + 600)).range(HOUR))
                .isEqualTo(new Range(NOW - 5 * 60 * S, NOW + 600 * S));
    }

    @Test
    void explicitBoundsStepLimitAndForwardDirectionAreTaken() {
        RangeQuery q = params("query", "count_over_time({a=\"b\"}[1m])", "start", "1764046800", "end", "1764050400000000000",
                "step", "60", "limit", "20", "direction", "FORWARD").rangeQuery(HOUR, 5000);

        assertThat(q).isEqualTo(new RangeQuery("count_over_time({a=\"b\"}[1m])", NOW - HOUR, NOW, 60 * S, 20, false));
    }

    @Test
    void anInstantQueryDefaultsToNow() {
        assertThat(params("query", "vector(1)").instantQuery(5000)).isEqualTo(new InstantQuery("vector(1)", NOW, 100, true));
        assertThat(params("query", "vector(1)", "time", "4").instantQuery(5000).timeNanos()).isEqualTo(4 * S);
    }

    @Test
    void aMissingQueryIsRefused() {
        assertThatThrownBy(() -> params("start", "1").rangeQuery(HOUR, 5000)).hasMessage("query parameter is required");
    }

    @Test
    void anEndBeforeTheStartIsRefused() {
        assertThatThrownBy(() -> params("query", "{a=\"b\"}", "start", "1764050400", "end", "1764046800").rangeQuery(HOUR, 5000))
                .isInstanceOf(LokiInputException.class)
                .hasMessage("end timestamp must not be before or equal to start time");
    }

    @Test
    void aZeroOrNegativeStepIsRefused() {
        assertThatThrownBy(() -> params("query", "x", "step", "0").rangeQuery(HOUR, 5000))
                .hasMessage("zero or negative query resolution step widths are not accepted. Try a positive integer");
        assertThatThrownBy(() -> params("query", "x", "step", "-1m").rangeQuery(HOUR, 5000))
                .isInstanceOf(LokiInputException.class);
    }

    @Test
    void moreThan11000PointsPerSeriesAreRefused() {
        assertThatThrownBy(() -> params("query", "x", "since", "1d", "step", "1").rangeQuery(HOUR, 5000))
                .hasMessage("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        assertThat(params("query", "x", "since", "11000s", "step", "1").rangeQuery(HOUR, 5000).stepNanos()).isEqualTo(S);
    }

    @Test
    void aLimitMustBeAPositiveIntegerWithinTheMaximum() {
        assertThatThrownBy(() -> params("query", "x", "limit", "0").rangeQuery(HOUR, 5000)).hasMessage("limit must be a positive value");
        assertThatThrownBy(() -> params("query", "x", "limit", "ten").rangeQuery(HOUR, 5000))
                .hasMessage("invalid parameter \"limit\": cannot parse \"ten\" as an integer");
        assertThatThrownBy(() -> params("query", "x", "limit", "5001").rangeQuery(HOUR, 5000))
                .hasMessage("max entries limit per query exceeded, limit > max_entries_limit (5001 > 5000)");
        assertThat(params("query", "x", "limit", "5000").rangeQuery(HOUR, 5000).limit()).isEqualTo(5000);
    }

    @Test
    void anUnknownDirectionIsRefused() {
        assertThatThrownBy(() -> params("query", "x", "direction", "sideways").rangeQuery(HOUR, 5000))
                .hasMessage("invalid parameter \"direction\": \"sideways\" is neither forward nor backward");
    }

    @Test
    void repeatedParametersAreAllRead() {
        assertThat(params("match[]", "{a=\"1\"}", "match[]", " ", "match[]", "{b=\"2\"}").all("match[]"))
                .containsExactly("{a=\"1\"}", "{b=\"2\"}");
        assertThat(params().all("match[]")).isEmpty();
    }
}

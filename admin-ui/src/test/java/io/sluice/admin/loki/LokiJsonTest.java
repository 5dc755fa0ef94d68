package io.sluice.admin.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.query.QueryParseException;
import io.sluice.logstore.engine.LogLine;
import io.sluice.logstore.engine.MetricResult;
import io.sluice.logstore.engine.QueryStats;
import io.sluice.logstore.model.ArchivedEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Engine results in Loki's JSON shapes, compared with the examples of Loki's HTTP API documentation. */
class LokiJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LogLine line(long nanos, Map<String, String> labels, String text) {
        return new LogLine(new ArchivedEvent("id" + nanos, "t", nanos, "s", "h", "INFO", text, null, null), labels, text);
    }

    @Test
    void linesAreGroupedIntoStreamsByLabelSetKeepingTheirOrder() {
        List<LogLine> lines = List.of(
                line(1568234281726420425L, Map.of("job", "varlogs", "filename", "/var/log/myproject.log"), "foo"),
                line(1568234269716526880L, Map.of("filename", "/var/log/other.log", "job", "varlogs"), "bar"),
                line(1568234269716526000L, Map.of("filename", "/var/log/myproject.log", "job", "varlogs"), "baz"));

        String json = JSON.writeValueAsString(LokiJson.streams(lines));

        assertThat(json).isEqualTo("["
                + "{\"stream\":{\"filename\":\"/var/log/myproject.log\",\"job\":\"varlogs\"},"
                + "\"values\":[[\"1568234281726420425\",\"foo\"],[\"1568234269716526000\",\"baz\"]]},"
                + "{\"stream\":{\"filename\":\"/var/log/other.log\",\"job\":\"varlogs\"},"
                + "\"values\":[[\"1568234269716526880\",\"bar\"]]}]");
    }

    @Test
    void aMatrixHasSecondsAndValueStringsAndLeavesOutEmptySeries() {
        MetricResult result = new MetricResult(List.of(
                new MetricResult.Series(Map.of("level", "error"), List.of(
                        new MetricResult.Point(1588889221_000_000_000L, 137), new MetricResult.Point(1588889221_500_000_000L, 0.5))),
                new MetricResult.Series(Map.of("level", "info"), List.of())), null);

        assertThat(JSON.writeValueAsString(LokiJson.matrix(result))).isEqualTo(
                "[{\"metric\":{\"level\":\"error\"},\"values\":[[1588889221,\"137\"],[1588889221.5,\"0.5\"]]}]");
    }

    @Test
    void aVectorTakesEachSeriesSampleAtTheQueryTime() {
        MetricResult result = new MetricResult(List.of(
                new MetricResult.Series(Map.of(), List.of(new MetricResult.Point(4_000_000_000L, 2)))), null);

        assertThat(JSON.writeValueAsString(LokiJson.vector(result, 4_000_000_000L))).isEqualTo("[{\"metric\":{},\"value\":[4,\"2\"]}]");
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "0.5, 0.5", "-3.25, -3.25", "1e21, 1000000000000000000000", "1.5e-7, 0.00000015", "0, 0", "-0.0, 0"})
    void valuesAreWrittenLikeGosFormatFloat(double value, String text) {
        assertThat(LokiJson.value(value)).isEqualTo(text);
    }

    @Test
    void specialValuesAreWrittenAsPrometheusDoes() {
        assertThat(LokiJson.value(Double.NaN)).isEqualTo("NaN");
        assertThat(LokiJson.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(LokiJson.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void timesAreSecondsWithMillisecondPrecision() {
        assertThat(LokiJson.seconds(1588889221_000_000_000L)).isEqualTo(1588889221L);
        assertThat(LokiJson.seconds(1588889221_123_999_999L)).isEqualTo(new BigDecimal("1588889221.123"));
        assertThat(LokiJson.seconds(1588889221_120_000_000L)).isEqualTo(new BigDecimal("1588889221.12"));
    }

    @Test
    void statsCarryLokisSummaryAndTheWorkOfEachTier() {
        Map<String, Object> stats = LokiJson.stats(new QueryStats(10, 3, 40, 1040, 2_000_000, 500_000_000L), 7);

        String json = JSON.writeValueAsString(stats);
        assertThat(json).isEqualTo("{\"summary\":{\"bytesProcessedPerSecond\":4000000,\"linesProcessedPerSecond\":2080,"
                + "\"totalBytesProcessed\":2000000,\"totalLinesProcessed\":1040,\"execTime\":0.5,\"queueTime\":0,\"subqueries\":0,"
                + "\"totalEntriesReturned\":7},"
                + "\"querier\":{\"store\":{\"totalChunksRef\":10,\"totalChunksDownloaded\":3,\"chunk\":{\"compressedBytes\":2000000,"
                + "\"decompressedLines\":1000}}},"
                + "\"ingester\":{\"totalReached\":1,\"totalLinesSent\":40}}");
    }

    @Test
    void parseErrorsReadLikeLokisWithLineAndColumn() {
        assertThat(LokiErrors.parseError(new QueryParseException("expected '}'", 12), "{app=\"a\" |= x"))
                .isEqualTo("parse error at line 1, col 12: expected '}'");
        assertThat(LokiErrors.parseError(new QueryParseException("unknown parser 'jsn'", 13), "{app=\"a\"}\n| jsn"))
                .isEqualTo("parse error at line 2, col 3: unknown parser 'jsn'");
    }
}

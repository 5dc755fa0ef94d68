package io.sluice.common.query.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.LabelMatcher.MatchOp;
import io.sluice.common.query.LineFilter.FilterOp;
import io.sluice.common.query.QueryParseException;
import io.sluice.common.query.logql.LabelPredicate.CompareOp;
import io.sluice.common.query.logql.LabelPredicate.ValueKind;
import io.sluice.common.query.logql.MetricExpr.BinaryOp;
import io.sluice.common.query.logql.MetricExpr.BinaryOperator;
import io.sluice.common.query.logql.MetricExpr.Conversion;
import io.sluice.common.query.logql.MetricExpr.RangeAggregation;
import io.sluice.common.query.logql.MetricExpr.RangeOp;
import io.sluice.common.query.logql.MetricExpr.VectorAggregation;
import io.sluice.common.query.logql.MetricExpr.VectorOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogQlParseTest {

    private static final long MINUTE = 60_000_000_000L;

    @Test
    void parsesSelectorsWithAnyLabelAndAllFourOperators() {
        LogSelectorExpr e = LogQl.parseLogQuery("{service=\"api\", pod!=\"x\", host=~\"web-.*\", region!~`eu|us`}");
        assertThat(e.matchers()).containsExactly(
                new LabelMatcher("service", MatchOp.EQ, "api"),
                new LabelMatcher("pod", MatchOp.NEQ, "x"),
                new LabelMatcher("host", MatchOp.RE, "web-.*"),
                new LabelMatcher("region", MatchOp.NRE, "eu|us"));
        assertThat(e.stages()).isEmpty();
        assertThat(e.filterOnly()).isTrue();
    }

    @Test
    void normalisesLevelValuesLikeTheStoredLabel() {
        LogSelectorExpr e = LogQl.parseLogQuery("{level=\"warning\"}");
        assertThat(e.matchers()).containsExactly(new LabelMatcher("level", MatchOp.EQ, "WARN"));
    }

    @Test
    void parsesLineFiltersIncludingOrChains() {
        LogSelectorExpr e = LogQl.parseLogQuery("{} |= \"timeout\" != \"retry\" |~ \"5\\\\d\\\\d\" !~ \"debug\" |= \"a\" or \"b\"");
        assertThat(e.stages()).containsExactly(
                new Stage.LineFilter(FilterOp.CONTAINS, List.of("timeout")),
                new Stage.LineFilter(FilterOp.NOT_CONTAINS, List.of("retry")),
                new Stage.LineFilter(FilterOp.REGEX, List.of("5\\d\\d")),
                new Stage.LineFilter(FilterOp.NOT_REGEX, List.of("debug")),
                new Stage.LineFilter(FilterOp.CONTAINS, List.of("a", "b")));
        assertThat(e.requiredTokens()).containsExactly("timeout");
        assertThat(e.filterOnly()).isTrue();
    }

    @Test
    void requiredTokensStopAtLineFormatButNotAtParsers() {
        LogSelectorExpr e = LogQl.parseLogQuery(
                "{service=\"api\"} |= \"GET\" | json |= \"/cart\" | line_format \"{{.msg}}\" |= \"late\"");
        assertThat(e.requiredTokens()).containsExactly("GET", "/cart");
        assertThat(e.filterOnly()).isFalse();
        assertThat(e.hasParser()).isTrue();
    }

    @Test
    void parsesEveryParserStage() {
        LogSelectorExpr e = LogQl.parseLogQuery("{a=\"b\"} | json | logfmt | pattern \"<ip> - <_> <status>\""
                + " | regexp \"(?P<method>\\\\w+) (?P<path>\\\\S+)\" | json s=\"response.status\", first=\"items[0]\"");
        assertThat(e.stages()).containsExactly(
                new Stage.Json(List.of()),
                new Stage.Logfmt(),
                new Stage.Pattern("<ip> - <_> <status>"),
                new Stage.Regexp("(?P<method>\\w+) (?P<path>\\S+)"),
                new Stage.Json(List.of(new Stage.Extraction("s", "response.status"),
                        new Stage.Extraction("first", "items[0]"))));
    }

    @Test
    void parsesLabelFiltersWithUnitsAndBooleanStructure() {
        LogSelectorExpr e = LogQl.parseLogQuery(
                "{} | logfmt | latency_ms > 500 and (took >= 250ms or size < 1KB), status != \"200\" | method =~ \"GET|POST\"");
        LabelPredicate p = ((Stage.LabelFilter) e.stages().get(1)).predicate();
        assertThat(p).isEqualTo(new LabelPredicate.And(
                new LabelPredicate.And(
                        new LabelPredicate.NumberCompare("latency_ms", CompareOp.GT, ValueKind.NUMBER, 500),
                        new LabelPredicate.Or(
                                new LabelPredicate.NumberCompare("took", CompareOp.GTE, ValueKind.DURATION, 0.25),
                                new LabelPredicate.NumberCompare("size", CompareOp.LT, ValueKind.BYTES, 1000))),
                new LabelPredicate.StringCompare("status", MatchOp.NEQ, "200")));
        assertThat(((Stage.LabelFilter) e.stages().get(2)).predicate())
                .isEqualTo(new LabelPredicate.StringCompare("method", MatchOp.RE, "GET|POST"));
    }

    @Test
    void parsesFormattingStages() {
        LogSelectorExpr e = LogQl.parseLogQuery(
                "{} | line_format \"{{.service}} {{ .msg | upper }}\" | label_format svc=service, x=\"{{.a}}-{{.b}}\""
                        + " | drop a, b | keep svc, x");
        assertThat(e.stages()).containsExactly(
                new Stage.LineFormat("{{.service}} {{ .msg | upper }}"),
                new Stage.LabelFormat(List.of(new Stage.LabelAssignment("svc", "service", null),
                        new Stage.LabelAssignment("x", null, "{{.a}}-{{.b}}"))),
                new Stage.Drop(List.of("a", "b")),
                new Stage.Keep(List.of("svc", "x")));
    }

    @Test
    void parsesRangeAggregationsWithTheirRange() {
        RangeAggregation r = (RangeAggregation) LogQl.parseMetricQuery("count_over_time({service=\"api\"} |= \"x\" [5m])");
        assertThat(r.op()).isEqualTo(RangeOp.COUNT_OVER_TIME);
        assertThat(r.rangeNanos()).isEqualTo(5 * MINUTE);
        assertThat(r.selector().requiredTokens()).containsExactly("x");
        assertThat(r.unwrap()).isNull();

        RangeAggregation after = (RangeAggregation) LogQl.parseMetricQuery("rate({service=\"api\"}[1h30m] |= \"x\")");
        assertThat(after.rangeNanos()).isEqualTo(90 * MINUTE);
        assertThat(after.selector().stages()).hasSize(1);

        for (String fn : List.of("rate", "bytes_over_time", "bytes_rate")) {
            assertThat(((RangeAggregation) LogQl.parseMetricQuery(fn + "({a=\"b\"}[30s])")).op().function()).isEqualTo(fn);
        }
        RangeAggregation off = (RangeAggregation) LogQl.parseMetricQuery("count_over_time({a=\"b\"}[1m] offset 1h)");
        assertThat(off.offsetNanos()).isEqualTo(60 * MINUTE);
    }

    @Test
    void parsesUnwrappedAggregationsWithConversionsAndGrouping() {
        RangeAggregation q = (RangeAggregation) LogQl.parseMetricQuery(
                "quantile_over_time(0.99, {service=\"api\"} | json | unwrap latency_ms | __error__=\"\" [5m]) by (route)");
        assertThat(q.op()).isEqualTo(RangeOp.QUANTILE_OVER_TIME);
        assertThat(q.parameter()).isEqualTo(0.99);
        assertThat(q.unwrap().label()).isEqualTo("latency_ms");
        assertThat(q.unwrap().conversion()).isEqualTo(Conversion.NUMBER);
        assertThat(q.unwrap().postFilters()).hasSize(1);
        assertThat(q.grouping().labels()).containsExactly("route");

        RangeAggregation d = (RangeAggregation) LogQl.parseMetricQuery("avg_over_time({a=\"b\"} | logfmt | unwrap duration(took) [1m])");
        assertThat(d.unwrap()).isEqualTo(new MetricExpr.Unwrap("took", Conversion.DURATION_SECONDS, List.of()));
        RangeAggregation b = (RangeAggregation) LogQl.parseMetricQuery("max_over_time({a=\"b\"} | logfmt | unwrap bytes(size) [1m])");
        assertThat(b.unwrap().conversion()).isEqualTo(Conversion.BYTES);
        for (String fn : List.of("sum_over_time", "min_over_time", "stddev_over_time", "last_over_time")) {
            assertThat(LogQl.parseMetricQuery(fn + "({a=\"b\"} | unwrap x [1m])")).isInstanceOf(RangeAggregation.class);
        }
    }

    @Test
    void parsesVectorAggregationsWithGroupingBeforeOrAfter() {
        VectorAggregation before = (VectorAggregation) LogQl.parseMetricQuery(
                "sum by (level, service) (count_over_time({service=~\".+\"}[1m]))");
        VectorAggregation after = (VectorAggregation) LogQl.parseMetricQuery(
                "sum(count_over_time({service=~\".+\"}[1m])) by (level, service)");
        assertThat(before).isEqualTo(after);
        assertThat(before.op()).isEqualTo(VectorOp.SUM);
        assertThat(before.grouping().without()).isFalse();

        VectorAggregation topk = (VectorAggregation) LogQl.parseMetricQuery("topk(3, sum without (host) (rate({a=\"b\"}[5m])))");
        assertThat(topk.parameter()).isEqualTo(3);
        assertThat(((VectorAggregation) topk.inner()).grouping().without()).isTrue();
        assertThat(topk.rangeAggregations()).hasSize(1);
        for (String op : List.of("avg", "min", "max", "count", "bottomk(2,", "stddev", "stdvar")) {
            String q = op.endsWith(",") ? op + " rate({a=\"b\"}[1m]))" : op + "(rate({a=\"b\"}[1m]))";
            assertThat(LogQl.parseMetricQuery(q)).isInstanceOf(VectorAggregation.class);
        }
    }

    @Test
    void parsesBinaryOperationsWithPrecedence() {
        BinaryOp e = (BinaryOp) LogQl.parseMetricQuery("sum(rate({a=\"b\"}[1m])) * 60 + 1 > 0");
        assertThat(e.op()).isEqualTo(BinaryOperator.GT);
        BinaryOp add = (BinaryOp) e.left();
        assertThat(add.op()).isEqualTo(BinaryOperator.ADD);
        assertThat(((BinaryOp) add.left()).op()).isEqualTo(BinaryOperator.MUL);
        BinaryOp bool = (BinaryOp) LogQl.parseMetricQuery("count_over_time({a=\"b\"}[1m]) > bool 10");
        assertThat(bool.bool()).isTrue();
        BinaryOp ratio = (BinaryOp) LogQl.parseMetricQuery(
                "sum(rate({a=\"b\"} |= \"error\" [5m])) / sum(rate({a=\"b\"}[5m]))");
        assertThat(ratio.rangeAggregations()).hasSize(2);
    }

    @Test
    void keepsTheColumnOfEveryError() {
        assertError("{service=\"api\"", 15, "unclosed stream selector");
        assertError("{service=\"api}", 10, "unterminated string");
        assertError("{service=\"api\"} |= \"x", 20, "unterminated string");
        assertError("count_over_time({a=\"b\"}[5x])", 25, "invalid number, duration");
        assertError("count_over_time({a=\"b\"}[5])", 25, "expected a duration");
        assertError("{a=~\"(\"}", 5, "invalid regular expression");
        assertError("{a=\"b\"} |~ \"[z-a]\"", 12, "invalid regular expression");
        assertError("count_over_tim({a=\"b\"}[5m])", 1, "unknown function 'count_over_tim'");
        assertError("sum(count_over_time({a=\"b\"}[5m])", 33, "expected ')'");
        assertError("{a=\"b\"} | jsn", 11, "unknown pipeline stage 'jsn'");
        assertError("{a=\"b\"} | latency > \"x\"", 19, "compares numbers");
        assertError("{a=\"b\"} | line_format \"{{.a | shout}}\"", 26, "unknown template function 'shout'");
        assertError("{a=\"b\"} | line_format \"{{.a\"", 24, "unclosed '{{'");
        assertError("{a=\"b\"} | pattern \"<a><b>\"", 23, "two captures in a row");
        assertError("{a=\"b\"} | regexp \"(\\\\d+)\"", 18, "named group");
        assertError("sum_over_time({a=\"b\"}[5m])", 1, "needs an unwrapped label");
        assertError("count_over_time({a=\"b\"} | unwrap x [5m])", 1, "cannot use unwrap");
        assertError("{a=\"b\"} | unwrap x", 11, "only valid inside a range aggregation");
        assertError("{a=\"b\"}[5m]", 8, "only valid inside a metric function");
        assertError("count_over_time({a=\"b\"}[5m]) by (x)", 30, "grouping is only allowed");
        assertError("topk(0, rate({a=\"b\"}[1m]))", 6, "whole number");
        assertError("", 1, "empty query");
        assertError("{a=\"b\"} extra", 9, "unexpected 'extra'");
        assertError("{a=\"b\"} # x", 9, "unexpected character '#'");
    }

    @Test
    void boundsLengthAndNesting() {
        String longQuery = "{a=\"" + "x".repeat(LogQl.MAX_QUERY_LENGTH) + "\"}";
        assertThatThrownBy(() -> LogQl.parse(longQuery)).isInstanceOf(QueryParseException.class)
                .hasMessageContaining("longer than");
        String nested = "(".repeat(200) + "1" + ")".repeat(200);
        assertThatThrownBy(() -> LogQl.parse(nested)).isInstanceOf(QueryParseException.class)
                .hasMessageContaining("nested too deeply");
        String nestedFilter = "{} | " + "(".repeat(200) + "a=\"b\"" + ")".repeat(200);
        assertThatThrownBy(() -> LogQl.parse(nestedFilter)).isInstanceOf(QueryParseException.class)
                .hasMessageContaining("nested too deeply");
        assertThat(LogQl.parse("(".repeat(10) + "1" + ")".repeat(10))).isEqualTo(new MetricExpr.Literal(1));
    }

    @Test
    void distinguishesLogFromMetricQueries() {
        assertThatThrownBy(() -> LogQl.parseMetricQuery("{a=\"b\"}")).hasMessageContaining("expected a metric query");
        assertThatThrownBy(() -> LogQl.parseLogQuery("rate({a=\"b\"}[1m])")).hasMessageContaining("expected a log query");
    }

    private static void assertError(String query, int column, String message) {
        assertThatThrownBy(() -> LogQl.parse(query))
                .as(query)
                .isInstanceOfSatisfying(QueryParseException.class, e -> {
                    assertThat(e.getMessage()).as(query).contains(message);
                    assertThat(e.column()).as(query + " -> " + e.getMessage()).isEqualTo(column);
                });
    }

    /** RE2/J 1.8 never finishes compiling these (google/re2j#168): a query must get an error, not pin a thread. */
    @Test
    void regexesThatWouldHangTheEngineAreRefusedWithTheirColumn() {
        for (String q : List.of("{service=\"a\"} |~ `(?i)\u1c80`", "{service=~`(?i)\\x{1C81}`}",
                "{service=\"a\"} | json | msg=~`(?i)[\\x{1C00}-\\x{1CFF}]`")) {
            assertThatThrownBy(() -> LogQl.parse(q)).as(q).isInstanceOf(QueryParseException.class)
                    .hasMessageContaining("U+1C80");
        }
    }
}

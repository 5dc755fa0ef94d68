package io.sluice.common.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogQueryTest {

    @Test
    void parsesSelectorAndLineFilters() {
        LogQuery q = LogQuery.parse("{service=\"checkout\", level=\"error\"} |= \"timeout\" != \"retry\"");
        assertThat(q.matchers()).containsExactly(
                new LabelMatcher("service", LabelMatcher.MatchOp.EQ, "checkout"),
                new LabelMatcher("level", LabelMatcher.MatchOp.EQ, "ERROR"));
        assertThat(q.filters()).containsExactly(
                new LineFilter(LineFilter.FilterOp.CONTAINS, "timeout"),
                new LineFilter(LineFilter.FilterOp.NOT_CONTAINS, "retry"));
        assertThat(q.matches("checkout", "h1", "ERROR", "db timeout after 3s")).isTrue();
        assertThat(q.matches("checkout", "h1", "ERROR", "db timeout, retry 2")).isFalse();
        assertThat(q.matches("cart", "h1", "ERROR", "db timeout")).isFalse();
    }

    @Test
    void emptySelectorSelectsEverything() {
        assertThat(LogQuery.parse("{}").matches("a", "b", "INFO", "x")).isTrue();
        assertThat(LogQuery.parse("  { } ").matchers()).isEmpty();
    }

    @Test
    void regexMatchersAreAnchoredAndFiltersAreNot() {
        LogQuery q = LogQuery.parse("{service=~\"check.*\", host!~`db-\\d+`} |~ \"time(out)?\" !~ \"^DEBUG\"");
        assertThat(q.matches("checkout", "web-1", "INFO", "a timeout here")).isTrue();
        assertThat(q.matches("xcheckout", "web-1", "INFO", "a timeout here")).isFalse();
        assertThat(q.matches("checkout", "db-7", "INFO", "a timeout here")).isFalse();
    }

    @Test
    void regexesAreRe2SoHostilePatternsRunInLinearTime() {
        LogQuery q = LogQuery.parse("{} |~ \"(a+)+$\"");
        long start = System.nanoTime();
        assertThat(q.matches("s", "h", "INFO", "a".repeat(100_000) + "!")).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThatThrownBy(() -> LogQuery.parse("{} |~ \"(?=x)\""))
                .isInstanceOf(QueryParseException.class).hasMessageContaining("invalid regular expression");
    }

    @Test
    void errorsNameTheColumn() {
        assertThatThrownBy(() -> LogQuery.parse("{service=checkout}"))
                .isInstanceOf(QueryParseException.class)
                .hasMessageContaining("expected a quoted string")
                .satisfies(e -> assertThat(((QueryParseException) e).column()).isEqualTo(10));
        assertThatThrownBy(() -> LogQuery.parse("{pod=\"x\"}"))
                .hasMessageContaining("unknown label 'pod'").hasMessageContaining("column 2");
        assertThatThrownBy(() -> LogQuery.parse("{} |= \"abc"))
                .hasMessageContaining("unterminated string").hasMessageContaining("column 7");
        assertThatThrownBy(() -> LogQuery.parse("{} |~ \"(\""))
                .hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> LogQuery.parse("")).hasMessageContaining("empty query");
        assertThatThrownBy(() -> LogQuery.parse("{service=\"a\"")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> LogQuery.parse("{} timeout")).hasMessageContaining("expected a line filter");
    }
}

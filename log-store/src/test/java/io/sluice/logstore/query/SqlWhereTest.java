package io.sluice.logstore.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.query.LogQuery;
import org.junit.jupiter.api.Test;

class SqlWhereTest {

    @Test
    void everyQueryValueBecomesABindParameterAndNeverPartOfTheSqlText() {
        LogQuery q = LogQuery.parse("{service=\"a'b\", host!=\"h\", level=~\"E.*\", host!~\"x\"} |= \"'; DROP\" != \"%\" |~ \"r+\" !~ \"s\"");
        SqlWhere w = SqlWhere.of(new SearchRequest("t'1", q, 10, 20, 5));
        assertThat(w.sql()).isEqualTo("tenant = ? AND ts_nanos >= ? AND ts_nanos < ?"
                + " AND service = ? AND host <> ? AND level REGEXP ? AND host NOT REGEXP ?"
                + " AND LOCATE(?, message) > 0 AND LOCATE(?, message) = 0 AND message REGEXP ? AND message NOT REGEXP ?");
        assertThat(w.params()).containsExactly("t'1", 10L, 20L, "a'b", "h", "^(?:E.*)$", "^(?:x)$", "'; DROP", "%", "r+", "s");
    }
}

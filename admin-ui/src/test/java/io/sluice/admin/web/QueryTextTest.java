package io.sluice.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.query.LogQuery;
import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void aPlainValueIsQuoted() {
        assertThat(QueryText.selector("service", "checkout")).isEqualTo("{service=\"checkout\"}");
    }

    @Test
    void anyValueYieldsAQueryThatParsesAndSelectsExactlyThatValue() {
        for (String value : new String[] {"a\"b", "back\\slash", "tab\tnew\nline\r", "}\" |= \"x", "<script>", ""}) {
            LogQuery query = LogQuery.parse(QueryText.selector("service", value));

            assertThat(query.matches(value, "h", "INFO", "m")).as(value).isTrue();
            assertThat(query.matches(value + "x", "h", "INFO", "m")).as(value).isFalse();
            assertThat(query.filters()).as(value).isEmpty();
        }
    }
}

package io.sluice.admin.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.loki.ConstantQuery.Constant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expressions answered without the stores, such as Grafana's health check. */
class ConstantQueryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "vector(1)+vector(1)|2|true",
        " vector( 1 ) + vector(1) |2|true",
        "vector(2) * (3 - 1)|4|true",
        "1+1|2|false",
        "-2.5 / 0.5|-5|false",
        "7 % 4|3|false",
    })
    void evaluatesNumbersAndVectorsWithArithmetic(String query, double value, boolean vector) {
        assertThat(ConstantQuery.evaluate(query)).contains(new Constant(value, vector));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{app=\"a\"}", "count_over_time({app=\"a\"}[1m])", "sum(rate({a=\"b\"}[5m]))", "vector(1)+", "vector(1", "1 2", "vector", "",
    })
    void leavesEverythingElseToTheEngine(String query) {
        assertThat(ConstantQuery.evaluate(query)).isEmpty();
    }
}

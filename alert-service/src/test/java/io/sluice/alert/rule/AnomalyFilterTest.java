package io.sluice.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyFilterTest {

    @Test
    void anEmptyFilterMatchesEveryFinding() {
        AnomalyFilter any = new AnomalyFilter(null, null, null, null);

        assertThat(any.matches("RATE_DROP", "api", "service=api level=INFO")).isTrue();
    }

    @Test
    void everyGivenPartMustMatch() {
        AnomalyFilter f = new AnomalyFilter(List.of("NEW_TEMPLATE", "TEMPLATE_SHIFT"), "checkout", null, null);

        assertThat(f.matches("NEW_TEMPLATE", "checkout", "service=checkout template=7")).isTrue();
        assertThat(f.matches("TEMPLATE_SHIFT", "checkout", "service=checkout template=7")).isTrue();
        assertThat(f.matches("RATE_SPIKE", "checkout", "service=checkout level=ERROR")).isFalse();
        assertThat(f.matches("NEW_TEMPLATE", "api", "service=api template=7")).isFalse();
    }

    @Test
    void aTemplateIdMatchesOnlyASeriesNamingExactlyThatTemplate() {
        AnomalyFilter f = new AnomalyFilter(List.of(), null, null, "42");

        assertThat(f.matches("NEW_TEMPLATE", "api", "service=api template=42")).isTrue();
        assertThat(f.matches("NEW_TEMPLATE", "api", "service=api template=420")).isFalse();
        assertThat(f.matches("RATE_SPIKE", "api", "service=api level=ERROR")).isFalse();
    }

    @Test
    void aSeriesMustBeEqual() {
        AnomalyFilter f = new AnomalyFilter(List.of(), null, "service=api level=ERROR", null);

        assertThat(f.matches("RATE_SPIKE", "api", "service=api level=ERROR")).isTrue();
        assertThat(f.matches("RATE_SPIKE", "api", "service=api level=WARN")).isFalse();
    }
}

package io.sluice.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleValidatorTest {

    @Test
    void fillsTheDefaultTenantAndEnabledFlag() {
        RuleDraft d = RuleValidator.validate(new RuleRequest(null, " errors ", "{level=\"ERROR\"}", 100L, 60, "http://127.0.0.1:9/hook", null));

        assertThat(d).isEqualTo(new RuleDraft("default", "errors", "{level=\"ERROR\"}", 100, 60, "http://127.0.0.1:9/hook", true));
    }

    @Test
    void namesEveryInvalidField() {
        assertThatThrownBy(() -> RuleValidator.validate(new RuleRequest("a b", "", "{level=", -1L, 0, "ftp://x/y", false)))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("tenant", "name", "query", "threshold", "windowSeconds", "webhookUrl")
                        .containsEntry("threshold", "must be at least 0")
                        .containsEntry("windowSeconds", "must be between 1 and 86400")
                        .hasEntrySatisfying("query", m -> assertThat(m).contains("at column 8")));
    }

    @Test
    void requiresTheMandatoryFields() {
        assertThatThrownBy(() -> RuleValidator.validate(new RuleRequest(null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("name", "query", "threshold", "windowSeconds", "webhookUrl"));
        assertThatThrownBy(() -> RuleValidator.validate(null))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("body"));
    }

    @Test
    void acceptsOnlyAbsoluteHttpWebhooksWithAHost() {
        for (String bad : new String[] {"/relative", "mailto:ops@example.com", "http:///nohost", "https://exa mple.com"}) {
            assertThatThrownBy(() -> RuleValidator.validate(new RuleRequest(null, "n", "{}", 0L, 1, bad, true)))
                    .as(bad).isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("webhookUrl"));
        }
        assertThat(RuleValidator.validate(new RuleRequest(null, "n", "{}", 0L, 86_400, "https://hooks.example.com/x?y=1", true)).webhookUrl())
                .isEqualTo("https://hooks.example.com/x?y=1");
    }
}

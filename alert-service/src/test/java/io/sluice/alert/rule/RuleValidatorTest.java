package io.sluice.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleValidatorTest {

    private static final String HOOK = "http://127.0.0.1:9/hook";

    @Test
    void fillsTheDefaultTenantKindSeverityForAndEnabledFlag() {
        RuleDraft d = RuleValidator.validate(count(null, " errors ", "{level=\"ERROR\"}", 100L, 60, HOOK, null));

        assertThat(d).isEqualTo(new RuleDraft("default", "errors", RuleKind.COUNT, "{level=\"ERROR\"}", "{level=\"ERROR\"}", 100, 60, 0,
                Severity.WARNING, Map.of(), Map.of(), null, HOOK, true));
    }

    @Test
    void namesEveryInvalidField() {
        assertThatThrownBy(() -> RuleValidator.validate(count("a b", "", "{level=", -1L, 0, "ftp://x/y", false)))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("tenant", "name", "query", "threshold", "windowSeconds", "webhookUrl")
                        .containsEntry("threshold", "must be at least 0")
                        .containsEntry("windowSeconds", "must be between 1 and 86400")
                        .hasEntrySatisfying("query", m -> assertThat(m).contains("at column 8")));
    }

    @Test
    void requiresTheMandatoryFields() {
        assertThatThrownBy(() -> RuleValidator.validate(count(null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("name", "query", "threshold", "windowSeconds", "webhookUrl"));
        assertThatThrownBy(() -> RuleValidator.validate(null))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("body"));
    }

    @Test
    void acceptsOnlyAbsoluteHttpWebhooksWithAHost() {
        for (String bad : new String[] {"/relative", "mailto:ops@example.com", "http:///nohost", "https://exa mple.com"}) {
            assertThatThrownBy(() -> RuleValidator.validate(count(null, "n", "{}", 0L, 1, bad, true)))
                    .as(bad).isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("webhookUrl"));
        }
        assertThat(RuleValidator.validate(count(null, "n", "{}", 0L, 86_400, "https://hooks.example.com/x?y=1", true)).webhookUrl())
                .isEqualTo("https://hooks.example.com/x?y=1");
    }

    @Test
    void aMetricRuleDerivesItsLogQueryAndLongestRange() {
        RuleDraft d = RuleValidator.validate(new RuleRequest(null, "error rate", "metric",
                "sum(rate({service=\"api\"} |= \"error\" [1m])) / sum(rate({service=\"api\"} |= \"error\" [5m])) > 2",
                null, null, "30s", "critical", Map.of("team", "payments"), Map.of("description", "rate is {{value}}"), null, HOOK, null));

        assertThat(d.kind()).isEqualTo(RuleKind.METRIC);
        assertThat(d.matchQuery()).isEqualTo("{service=\"api\"} |= \"error\"");
        assertThat(d.windowSeconds()).isEqualTo(300);
        assertThat(d.forSeconds()).isEqualTo(30);
        assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(d.labels()).containsExactlyEntriesOf(Map.of("team", "payments"));
    }

    @Test
    void aMetricRuleThatCannotBeAnsweredFromMatchCountsIsRefusedUnderQuery() {
        Map<String, String> refused = Map.of(
                "rate({service=\"api\"}[1m])", "must compare",
                "quantile_over_time(0.9, {service=\"api\"} | json | unwrap ms [1m]) > 3", "use count_over_time or rate",
                "sum by (level) (rate({service=\"api\"}[1m])) > 3", "grouping",
                "rate({service=\"api\"} | json [1m]) > 3", "only line filters",
                "rate({route=\"x\"}[1m]) > 3", "label 'route'",
                "rate({service=\"a\"}[1m]) + rate({service=\"b\"}[1m]) > 3", "same log query",
                "rate({service=\"a\"}[1m] offset 1h) > 3", "offset",
                "rate({service=\"a\"}[1m]) > bool 3", "'bool'",
                "rate({service=\"a\"}[1m) > 3", "column");
        refused.forEach((query, message) -> assertThatThrownBy(() -> RuleValidator.validate(metric(query, null, null)))
                .as(query).isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("query").hasEntrySatisfying("query", m -> assertThat(m).contains(message))));
        assertThatThrownBy(() -> RuleValidator.validate(metric("rate({service=\"a\"}[1m]) > 3", 5L, 60)))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("threshold", "windowSeconds"));
    }

    @Test
    void absenceAndAnomalyRulesCheckTheirOwnFields() {
        RuleDraft absence = RuleValidator.validate(new RuleRequest(null, "silent", "absence", "{service=\"checkout\"}", null, 120, null, null,
                null, null, null, HOOK, null));
        assertThat(absence.matchQuery()).isEqualTo("{service=\"checkout\"}");
        assertThat(absence.windowSeconds()).isEqualTo(120);

        RuleDraft anomaly = RuleValidator.validate(new RuleRequest(null, "new templates", "anomaly", null, null, null, null, "info", null,
                null, new AnomalyFilter(List.of("new_template"), "checkout", null, null), HOOK, null));
        assertThat(anomaly.matchQuery()).as("analytics counts nothing for it").isNull();
        assertThat(anomaly.anomaly()).isEqualTo(new AnomalyFilter(List.of("NEW_TEMPLATE"), "checkout", null, null));
        assertThat(anomaly.windowSeconds()).as("the configured quiet period").isZero();

        assertThatThrownBy(() -> RuleValidator.validate(new RuleRequest(null, "x", "anomaly", "{}", 3L, null, "5x", "urgent",
                Map.of("severity", "high", "9bad", "v"), Map.of("summary", "{{#a}}"), new AnomalyFilter(List.of("SPIKE"), null, null, null),
                HOOK, null)))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields())
                        .containsOnlyKeys("query", "threshold", "anomaly.types", "for", "severity", "labels.severity", "labels.9bad",
                                "annotations.summary"));
        assertThatThrownBy(() -> RuleValidator.validate(new RuleRequest(null, "x", "absence", "{}", null, null, null, null, null, null,
                new AnomalyFilter(List.of(), null, null, null), HOOK, null)))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("windowSeconds", "anomaly"));
        assertThatThrownBy(() -> RuleValidator.validate(new RuleRequest(null, "x", "gauge", "{}", 1L, 1, null, null, null, null, null, HOOK,
                null)))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.fields()).containsOnlyKeys("kind"));
    }

    private static RuleRequest count(String tenant, String name, String query, Long threshold, Integer window, String hook, Boolean enabled) {
        return new RuleRequest(tenant, name, null, query, threshold, window, null, null, null, null, null, hook, enabled);
    }

    private static RuleRequest metric(String query, Long threshold, Integer window) {
        return new RuleRequest(null, "m", "metric", query, threshold, window, null, null, null, null, null, HOOK, null);
    }
}

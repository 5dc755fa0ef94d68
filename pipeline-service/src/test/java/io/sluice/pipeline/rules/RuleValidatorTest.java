package io.sluice.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleValidatorTest {

    final RuleValidator validator = new RuleValidator(new RetentionClasses(Set.of()));

    static RuleRequest request(String match, String action) {
        return new RuleRequest("n", null, null, match, action, null, null, null, null, null, null, null, null, null);
    }

    Map<String, String> errors(RuleValidator v, RuleRequest r) {
        try {
            v.validate(r);
        } catch (RuleValidationException e) {
            return e.fields();
        }
        throw new AssertionError("expected the request to be refused");
    }

    @Test
    void aBadSelectorIsRefusedWithTheColumnOfTheProblem() {
        assertThat(errors(validator, request("{service=\"checkout\"", "drop")).get("match")).contains("at column 20");
        assertThat(errors(validator, request("{service=\"a\"} |~ \"(\"", "drop"))).containsKey("match");
    }

    @Test
    void unknownActionsMissingFieldsAndOutOfRangeSampleRatesAreNamed() {
        assertThat(errors(validator, request("{}", "explode")).get("action")).contains("unknown action 'explode'").contains("drop, sample");
        assertThat(errors(validator, new RuleRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null)))
                .containsKeys("name", "match", "action");
        assertThat(errors(validator, new RuleRequest("s", null, null, "{}", "sample", null, 1.5, null, null, null, null, null, null, null))
                .get("rate")).contains("out of range");
        assertThat(errors(validator, new RuleRequest("s", null, null, "{}", "sample", 0L, null, null, null, null, null, null, null, null))
                .get("keepOneIn")).contains("out of range");
        assertThat(errors(validator, new RuleRequest("s", null, null, "{}", "sample", 2L, 0.5, null, null, null, null, null, null, null)))
                .containsKey("keepOneIn");
    }

    @Test
    void maskRulesNeedKnownBuiltInsOrACompilingRegexWithAValidReplacement() {
        assertThat(errors(validator, new RuleRequest("m", null, null, "{}", "mask", null, null, List.of("ssn"), null, null, null, null,
                null, null)).get("masks")).contains("unknown built-in mask 'ssn'");
        assertThat(errors(validator, new RuleRequest("m", null, null, "{}", "mask", null, null, null, "([a-z", null, null, null, null,
                null)).get("pattern")).startsWith("invalid regex");
        assertThat(errors(validator, new RuleRequest("m", null, null, "{}", "mask", null, null, null, "id=(\\d+)", "$2", null, null,
                null, null)).get("replacement")).contains("group $2");
        assertThat(errors(validator, new RuleRequest("m", null, null, "{}", "mask", null, null, null, "x*", null, null, null, null,
                null)).get("pattern")).contains("empty string");
        RuleDraft ok = validator.validate(new RuleRequest("m", null, null, "{}", "mask", null, null, null, "id=(?<n>\\d+)", "id=${n}",
                null, null, null, null));
        assertThat(ok.params().replacement()).isEqualTo("id=${n}");
    }

    @Test
    void onlyTheChosenActionsSettingsAreKept() {
        RuleDraft d = validator.validate(new RuleRequest(" drop it ", 5, false, " {} ", "DROP", 3L, 0.5, List.of("email"), "x", "y",
                Map.of("a", "b"), "f", "t", "c"));
        assertThat(d).isEqualTo(new RuleDraft("drop it", 5, false, "{}", RuleAction.DROP, RuleParams.NONE));
    }

    @Test
    void routeRulesAreCheckedAgainstConfiguredRetentionClassesWhenThereAreAny() {
        RuleRequest route = new RuleRequest("r", null, null, "{}", "route", null, null, null, null, null, null, null, null, "forever");
        assertThat(validator.validate(route).params().retentionClass()).isEqualTo("forever");
        RuleValidator configured = new RuleValidator(new RetentionClasses(Set.of("short", "long")));
        assertThat(errors(configured, route).get("retentionClass")).contains("unknown retention class 'forever'");
        assertThatThrownBy(() -> validator.validate(new RuleRequest("r", null, null, "{}", "route", null, null, null, null, null, null,
                null, null, " "))).isInstanceOf(RuleValidationException.class);
    }

    @Test
    void listsReportTheIndexOfEachBadRule() {
        assertThat(assertThrowsFields(() -> validator.validateAll(List.of(request("{}", "drop"), request("{", "drop")))))
                .containsOnlyKeys("rules[1].match");
    }

    static Map<String, String> assertThrowsFields(Runnable r) {
        try {
            r.run();
        } catch (RuleValidationException e) {
            return e.fields();
        }
        throw new AssertionError("expected a RuleValidationException");
    }
}

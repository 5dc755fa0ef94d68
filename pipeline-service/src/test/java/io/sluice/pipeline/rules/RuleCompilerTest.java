package io.sluice.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.stage.PipelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleCompilerTest {

    final RuleValidator validator = new RuleValidator(new RetentionClasses(Set.of()));

    static PipelineEvent event(String service, String level, String message) {
        return new PipelineEvent(LogEvent.newBuilder().setId(EventIds.next()).setTenant("t").setService(service).setHost("h1")
                .setLevel(level).setMessage(message).build());
    }

    static RuleRequest rule(String match, String action) {
        return new RuleRequest("r-" + action, null, null, match, action, null, null, null, null, null, null, null, null, null);
    }

    CompiledRule compile(RuleRequest r) {
        return RuleCompiler.compile(1, validator.validate(r));
    }

    @Test
    void dropRemovesOnlyTheEventsItsSelectorAndLineFilterMatch() {
        TenantRules rules = new TenantRules(1, List.of(compile(rule("{service=\"checkout\", level=~\"DEBUG|TRACE\"} |= \"healthcheck\"", "drop"))));
        assertThat(rules.apply(event("checkout", "DEBUG", "GET /healthcheck 200"))).isFalse();
        assertThat(rules.apply(event("checkout", "INFO", "GET /healthcheck 200"))).isTrue();
        assertThat(rules.apply(event("checkout", "DEBUG", "GET /cart 200"))).isTrue();
        assertThat(rules.apply(event("billing", "TRACE", "GET /healthcheck 200"))).isTrue();
    }

    @Test
    void sampleKeepsAboutOneInNAndTheSameEventAlwaysGetsTheSameDecision() {
        RuleRequest oneIn = new RuleRequest("s", null, null, "{}", "sample", 10L, null, null, null, null, null, null, null, null);
        CompiledRule first = compile(oneIn);
        CompiledRule again = compile(oneIn);
        List<PipelineEvent> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            events.add(event("svc", "INFO", "line " + i));
        }
        long kept = events.stream().filter(e -> first.effect().apply(e)).count();
        assertThat(kept).isBetween(1_700L, 2_300L);
        for (PipelineEvent e : events) {
            PipelineEvent redelivered = new PipelineEvent(e.source());
            assertThat(again.effect().apply(redelivered)).isEqualTo(first.effect().apply(e));
        }

        CompiledRule rate = compile(new RuleRequest("r", null, null, "{}", "sample", null, 0.25, null, null, null, null, null, null, null));
        long keptByRate = events.stream().filter(e -> rate.effect().apply(e)).count();
        assertThat(keptByRate).isBetween(4_600L, 5_400L);
    }

    @Test
    void maskAppliesBuiltInsAndACustomRegexToTheMessageAndEveryField() {
        RuleRequest mask = new RuleRequest("pii", null, null, "{}", "mask", null, null, List.of("email", "card"),
                "user_id=(\\d+)", "user_id=<id:$1>", null, null, null, null);
        PipelineEvent e = event("checkout", "INFO", "order by bob@example.com card 4111-1111-1111-1111 user_id=77");
        e.fields().put("customer", "alice@example.org");
        e.fields().put("note", "user_id=5 paid");
        assertThat(compile(mask).effect().apply(e)).isTrue();
        assertThat(e.message()).isEqualTo("order by <email> card <card> user_id=<id:77>");
        assertThat(e.fields()).containsEntry("customer", "<email>").containsEntry("note", "user_id=<id:5> paid");
    }

    @Test
    void addFieldsSetsStaticValuesAndRenameMovesAFieldOnlyWhenPresent() {
        RuleRequest add = new RuleRequest("add", null, null, "{}", "add_fields", null, null, null, null, null,
                Map.of("team", "payments", "env", "prod"), null, null, null);
        RuleRequest rename = new RuleRequest("ren", null, null, "{}", "rename_field", null, null, null, null, null, null, "usr", "user", null);
        TenantRules rules = new TenantRules(1, List.of(compile(add), compile(rename)));

        PipelineEvent withField = event("svc", "INFO", "x");
        withField.fields().put("usr", "ada");
        assertThat(rules.apply(withField)).isTrue();
        assertThat(withField.fields()).containsEntry("team", "payments").containsEntry("env", "prod").containsEntry("user", "ada")
                .doesNotContainKey("usr");

        PipelineEvent without = event("svc", "INFO", "x");
        assertThat(rules.apply(without)).isTrue();
        assertThat(without.fields()).doesNotContainKeys("usr", "user").containsEntry("team", "payments");
    }

    @Test
    void routeSetsTheRetentionClassOfSelectedEventsAndLaterRulesSeeEarlierChanges() {
        RuleRequest route = new RuleRequest("keep errors", null, null, "{level=\"ERROR\"}", "route", null, null, null, null, null, null,
                null, null, "long");
        RuleRequest maskThenDrop = new RuleRequest("m", null, null, "{}", "mask", null, null, List.of("email"), null, null, null, null,
                null, null);
        RuleRequest dropMasked = rule("{} |= \"<email>\"", "drop");
        TenantRules rules = new TenantRules(1, List.of(compile(route), compile(maskThenDrop), compile(dropMasked)));

        PipelineEvent error = event("svc", "ERROR", "boom");
        PipelineEvent info = event("svc", "INFO", "boom");
        assertThat(rules.apply(error)).isTrue();
        assertThat(rules.apply(info)).isTrue();
        assertThat(error.retentionClass()).isEqualTo("long");
        assertThat(info.retentionClass()).isEmpty();
        assertThat(rules.apply(event("svc", "INFO", "mail from a@b.io"))).as("the drop sees the masked message").isFalse();
    }
}

package io.sluice.analytics.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.query.LogQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchCounterTest {

    private static final long T0 = 1_767_261_600_000L;

    @Test
    void countsMatchesPerRuleAndSecondOfEventTime() {
        List<CompiledRule> rules = List.of(
                new CompiledRule(1, "default", LogQuery.parse("{level=\"ERROR\"}")),
                new CompiledRule(2, "default", LogQuery.parse("{service=\"checkout\"} |= \"timeout\"")));
        LogBatch batch = LogBatch.newBuilder()
                .addEvents(event("default", T0 + 100, "ERROR", "checkout", "payment timeout"))
                .addEvents(event("default", T0 + 999, "ERROR", "cart", "boom"))
                .addEvents(event("default", T0 + 1000, "ERROR", "cart", "boom"))
                .addEvents(event("default", T0 + 1500, "INFO", "checkout", "timeout while polling"))
                .addEvents(event("default", T0 + 1600, "INFO", "checkout", "all good"))
                .build();

        assertThat(MatchCounter.count(batch, RuleSet.compile(rules))).containsExactlyInAnyOrder(
                match(1, T0, 2), match(1, T0 + 1000, 1),
                match(2, T0, 1), match(2, T0 + 1000, 1));
    }

    @Test
    void aRuleOnlyCountsEventsOfItsTenant() {
        List<CompiledRule> rules = List.of(new CompiledRule(7, "acme", LogQuery.parse("{}")));
        LogBatch batch = LogBatch.newBuilder()
                .addEvents(event("default", T0, "ERROR", "a", "x"))
                .addEvents(event("acme", T0, "INFO", "a", "x"))
                .build();

        assertThat(MatchCounter.count(batch, RuleSet.compile(rules))).containsExactly(match(7, T0, 1));
    }

    @Test
    void nothingIsReportedWhenNoRuleMatches() {
        List<CompiledRule> rules = List.of(new CompiledRule(1, "default", LogQuery.parse("{level=\"FATAL\"}")));
        LogBatch batch = LogBatch.newBuilder().addEvents(event("default", T0, "ERROR", "a", "x")).build();

        assertThat(MatchCounter.count(batch, RuleSet.compile(rules))).isEmpty();
        assertThat(MatchCounter.count(batch, RuleSet.EMPTY)).isEmpty();
    }

    @Test
    void ruleMatchersKeepTheLastGoodSetAndSkipQueriesThatDoNotParse() {
        RuleMatchers matchers = new RuleMatchers();
        assertThat(matchers.current()).isEmpty();

        matchers.update(List.of(
                io.sluice.common.proto.alert.v1.RuleMatcher.newBuilder().setRuleId(1).setTenant("default").setQuery("{level=\"ERROR\"}").build(),
                io.sluice.common.proto.alert.v1.RuleMatcher.newBuilder().setRuleId(2).setTenant("default").setQuery("{level=").build()));

        assertThat(matchers.current()).hasValueSatisfying(rules -> {
            assertThat(rules.size()).isEqualTo(1);
            LogBatch batch = LogBatch.newBuilder().addEvents(event("default", T0, "ERROR", "a", "x")).build();
            assertThat(MatchCounter.count(batch, rules)).containsExactly(match(1, T0, 1));
        });
    }

    @Test
    void springStyleStaticTargetsBecomePlainAddresses() {
        assertThat(AlertIntakeClient.address("static://localhost:9317")).isEqualTo("localhost:9317");
        assertThat(AlertIntakeClient.address("tcp://127.0.0.1:1")).isEqualTo("127.0.0.1:1");
        assertThat(AlertIntakeClient.address("dns:///alert:9317")).isEqualTo("dns:///alert:9317");
    }

    private static MatchCount match(long rule, long bucket, long count) {
        return MatchCount.newBuilder().setRuleId(rule).setBucketStartMillis(bucket).setCount(count).build();
    }

    private static LogEvent event(String tenant, long millis, String level, String service, String message) {
        return LogEvent.newBuilder().setTenant(tenant).setTimestampUnixNanos(millis * 1_000_000L + 123)
                .setLevel(level).setService(service).setHost("h1").setMessage(message).build();
    }
}

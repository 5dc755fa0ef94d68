package io.sluice.analytics.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.proto.alert.v1.RuleMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RuleMatchersTest {

    private static final String TENANT = "h-keyword";

    @Test
    void anUnchangedRuleListKeepsTheCompiledSet() {
        RuleMatchers matchers = new RuleMatchers();
        matchers.update(List.of(rule(1, "{} |= `alpha`")));
        RuleSet first = matchers.current().orElseThrow();

        matchers.update(List.of(rule(1, "{} |= `alpha`")));

        assertThat(matchers.current()).containsSame(first);
    }

    @Test
    void aChangedRuleListTakesEffectForTheNextEvent() {
        RuleMatchers matchers = new RuleMatchers();
        matchers.update(List.of(rule(1, "{} |= `alpha`")));
        assertThat(matches(matchers.current().orElseThrow(), "alpha beta")).containsExactly(1L);

        matchers.update(List.of(rule(1, "{} |= `gamma`"), rule(2, "{} |~ `(?i)BETA`")));

        assertThat(matches(matchers.current().orElseThrow(), "alpha beta")).containsExactly(2L);
    }

    /**
     * A matching thread runs while the rules are swapped back and forth between two large sets:
     * it never waits for a compilation, and every event sees one whole set, never a mix or none.
     */
    @Test
    void swappingTheSetUnderAMatchingThreadIsAtomic() throws Exception {
        List<RuleMatcher> setA = bigSet(1, "alpha");
        List<RuleMatcher> setB = bigSet(2, "alpha");
        RuleMatchers matchers = new RuleMatchers();
        matchers.update(setA);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<List<Long>> seen = ConcurrentHashMap.newKeySet();
        Thread matcher = new Thread(() -> {
            try {
                while (!stop.get()) {
                    seen.add(matches(matchers.current().orElseThrow(), "an alpha line"));
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        matcher.start();
        for (int i = 0; i < 6; i++) {
            List<Long> expected = List.of(i % 2 == 0 ? 2L : 1L);
            matchers.update(i % 2 == 0 ? setB : setA);
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains(expected) || failure.get() != null);
            seen.remove(expected);
        }
        stop.set(true);
        matcher.join(10_000);

        assertThat(failure.get()).isNull();
        assertThat(seen).isSubsetOf(Set.of(List.of(1L), List.of(2L)));
    }

    /** 2,000 rules of which only {@code matching} matches a line with {@code word}. */
    private static List<RuleMatcher> bigSet(long matching, String word) {
        List<RuleMatcher> rules = new ArrayList<>();
        rules.add(rule(matching, "{} |= `" + word + "`"));
        for (int i = 0; i < 2_000; i++) {
            rules.add(rule(100 + i, i % 4 == 0 ? "{} |~ `(?i)kw" + i + "\\s+\\d+`" : "{} |= `kw" + i + "`"));
        }
        return rules;
    }

    private static List<Long> matches(RuleSet set, String line) {
        List<Long> out = new ArrayList<>();
        set.session().match(TENANT, "svc", "host", "INFO", line, out::add);
        return out;
    }

    private static RuleMatcher rule(long id, String query) {
        return RuleMatcher.newBuilder().setRuleId(id).setTenant(TENANT).setQuery(query).build();
    }
}

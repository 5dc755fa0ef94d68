package io.sluice.analytics.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.query.LogQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled rule set answers exactly what evaluating every rule's query on its own answers
 * ({@link LogQuery#matches}, the reference), on real Loghub lines with thousands of random rules.
 */
class RuleSetEquivalenceTest {

    private static final String[] TENANTS = {"h-keyword-a", "h-keyword-b"};
    private static List<LoghubSample.Line> loghub;

    @BeforeAll
    static void load() {
        loghub = LoghubSample.load();
    }

    @Test
    void matchesTheSameRulesAsNaiveEvaluationOnLoghubLines() {
        Random random = new Random(6);
        List<CompiledRule> rules = rules(random, 2_000, 0.25);
        List<LoghubSample.Line> sample = sample(random, 600);

        long matched = assertEquivalent(rules, sample, random);

        assertThat(matched).as("the random rules must actually match lines, or the test proves little").isGreaterThan(600);
    }

    @Test
    void matchesTheSameRulesWhenTheLinesChangeCase() {
        Random random = new Random(7);
        List<CompiledRule> rules = rules(random, 1_000, 0.25);
        List<LoghubSample.Line> sample = new ArrayList<>();
        for (LoghubSample.Line l : sample(random, 400)) {
            sample.add(new LoghubSample.Line(l.system(), recase(l.text(), random)));
        }

        long matched = assertEquivalent(rules, sample, random);

        assertThat(matched).isGreaterThan(200);
    }

    @Test
    void sessionsOnSeveralThreadsShareOneSetSafely() throws Exception {
        Random random = new Random(8);
        RuleSet set = RuleSet.compile(rules(random, 1_000, 0.25));
        List<LoghubSample.Line> sample = sample(random, 1_000);
        List<List<Long>> expected = new ArrayList<>();
        RuleSet.Session one = set.session();
        for (LoghubSample.Line l : sample) {
            List<Long> ids = new ArrayList<>();
            one.match(TENANTS[0], l.system(), "h", "ERROR", l.text(), ids::add);
            expected.add(ids);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<Long>>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    RuleSet.Session session = set.session();
                    List<List<Long>> out = new ArrayList<>();
                    for (LoghubSample.Line l : sample) {
                        List<Long> ids = new ArrayList<>();
                        session.match(TENANTS[0], l.system(), "h", "ERROR", l.text(), ids::add);
                        out.add(ids);
                    }
                    return out;
                }));
            }
            for (Future<List<List<Long>>> f : results) {
                assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long assertEquivalent(List<CompiledRule> rules, List<LoghubSample.Line> lines, Random random) {
        RuleSet.Session session = RuleSet.compile(rules).session();
        long matched = 0;
        for (LoghubSample.Line line : lines) {
            String tenant = TENANTS[random.nextInt(TENANTS.length)];
            String level = RandomRules.level(random);
            Set<Long> expected = new TreeSet<>();
            for (CompiledRule r : rules) {
                if (r.tenant().equals(tenant) && r.query().matches(line.system(), "host-1", level, line.text())) {
                    expected.add(r.ruleId());
                }
            }
            List<Long> actual = new ArrayList<>();
            session.match(tenant, line.system(), "host-1", level, line.text(), actual::add);
            assertThat(actual).as("rules matching %s line [%s] at level %s", line.system(), line.text(), level)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected);
            matched += expected.size();
        }
        return matched;
    }

    private static List<CompiledRule> rules(Random random, int n, double regexShare) {
        List<String> texts = loghub.stream().map(LoghubSample.Line::text).toList();
        List<LogQuery> queries = new RandomRules(random, texts).queries(n, regexShare);
        List<CompiledRule> rules = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            rules.add(new CompiledRule(1_000 + i, TENANTS[i % TENANTS.length], queries.get(i)));
        }
        return rules;
    }

    private static List<LoghubSample.Line> sample(Random random, int n) {
        List<LoghubSample.Line> copy = new ArrayList<>(loghub);
        Collections.shuffle(copy, random);
        return copy.subList(0, n);
    }

    /** Random case flips, plus characters whose case relatives live outside ASCII (Kelvin sign, long s). */
    private static String recase(String s, Random random) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            int r = random.nextInt(10);
            if (c == 'k' && r == 0) {
                b.append('\u212A');
            } else if (c == 's' && r == 1) {
                b.append('\u017F');
            } else if (c == 'i' && r == 2) {
                b.append('\u0130');
            } else if (r < 5) {
                b.append(Character.toUpperCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

package io.sluice.bench;

import io.sluice.analytics.match.CompiledRule;
import io.sluice.analytics.match.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;

/**
 * The {@link KeywordMatchBenchmark} comparison measured in CPU time of the matching thread rather
 * than wall time, so that a shared, overloaded machine distorts the ratio less: rounds alternate
 * the compiled {@link RuleSet} and the naive per-rule evaluation over the same 2,000 Loghub lines
 * (every 8th line, from a rotating offset: all systems; the compiled set goes over them 8 times
 * for a longer measurement), after a warm-up of both. Prints CPU-µs per
 * event and events per CPU-second for each round, and the ratio. Run by hand:
 * {@code java -cp bench/target/benchmarks.jar io.sluice.bench.KeywordMatchCpuHarness [rounds]}.
 */
public final class KeywordMatchCpuHarness {

    private static long sink;

    private KeywordMatchCpuHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> lines = LoghubLines.load();
        List<CompiledRule> rules = KeywordMatchBenchmark.rules(lines, new Random(6));
        RuleSet set = RuleSet.compile(rules);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 3; w++) {
            compiled(set, lines, w, 8);
            naive(rules, lines, w);
        }
        System.out.printf("%d rules, %d lines%n", rules.size(), lines.size());
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            int n1 = compiled(set, lines, r % 8, 8);
            long t1 = cpu.getCurrentThreadCpuTime();
            int n2 = naive(rules, lines, r % 8);
            long t2 = cpu.getCurrentThreadCpuTime();
            double compiledUs = (t1 - t0) / 1_000.0 / n1;
            double naiveUs = (t2 - t1) / 1_000.0 / n2;
            System.out.printf("round %d: compiled %.2f CPU-µs/event (%.0f events/CPU-s), naive %.1f CPU-µs/event (%.0f events/CPU-s), ratio %.1f×%n",
                    r + 1, compiledUs, 1e6 / compiledUs, naiveUs, 1e6 / naiveUs, naiveUs / compiledUs);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    private static int compiled(RuleSet set, List<String> lines, int offset, int passes) {
        RuleSet.Session session = set.session();
        int n = 0;
        for (int p = 0; p < passes; p++) {
            for (int i = offset; i < lines.size(); i += 8, n++) {
                session.match(KeywordMatchBenchmark.TENANT, KeywordMatchBenchmark.service(i), "node-1", KeywordMatchBenchmark.level(i),
                        lines.get(i), id -> sink += id);
            }
        }
        return n;
    }

    private static int naive(List<CompiledRule> rules, List<String> lines, int offset) {
        int n = 0;
        for (int i = offset; i < lines.size(); i += 8, n++) {
            String service = KeywordMatchBenchmark.service(i);
            String level = KeywordMatchBenchmark.level(i);
            for (CompiledRule r : rules) {
                if (r.query().matches(service, "node-1", level, lines.get(i))) {
                    sink += r.ruleId();
                }
            }
        }
        return n;
    }
}

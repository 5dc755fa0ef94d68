package io.sluice.bench;

import io.sluice.analytics.match.CompiledRule;
import io.sluice.analytics.match.MatchCounter;
import io.sluice.analytics.match.RuleSet;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.query.LogQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second through analytics' alert-rule matching with 1,000 keyword rules of one tenant
 * active (800 literal rules: case-sensitive {@code |=}, {@code (?i)} literals, literal
 * alternations, some with a {@code !=}; 200 regex rules, 20 of them without any required literal),
 * over the 16,000 Loghub-2k lines, one thread. The words come from the lines themselves (seeded), so
 * rules do match. One operation is one event.
 *
 * <ul>
 *   <li>{@code compiled}: {@link RuleSet} (one Aho–Corasick pass, prefiltered regexes);</li>
 *   <li>{@code naive}: every rule's {@link LogQuery#matches} in turn (what analytics did before);</li>
 *   <li>{@code batchCount}: {@link MatchCounter#count} over 64-event batches, what the consumer
 *       runs per buffer entry (matching plus per-second counting).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Threads(1)
@State(Scope.Thread)
public class KeywordMatchBenchmark {

    static final String TENANT = "bench";
    private static final String[] SYSTEMS = {"hdfs", "hadoop", "spark", "zookeeper", "openssh", "apache", "linux", "healthapp"};
    private static final int BATCH = 64;

    private List<String> lines;
    private List<CompiledRule> rules;
    private RuleSet ruleSet;
    private RuleSet.Session session;
    private List<LogBatch> batches;
    private int next;
    private int nextBatch;

    @Setup(Level.Trial)
    public void setUp() {
        lines = LoghubLines.load();
        rules = rules(lines, new Random(6));
        ruleSet = RuleSet.compile(rules);
        session = ruleSet.session();
        long[] matches = new long[1];
        for (int i = 0; i < lines.size(); i++) {
            session.match(TENANT, service(i), "node-1", level(i), lines.get(i), id -> matches[0]++);
        }
        System.err.printf("%d rules, %.3f matching rules per event%n", rules.size(), matches[0] / (double) lines.size());
        batches = new ArrayList<>();
        for (int i = 0; i + BATCH <= lines.size(); i += BATCH) {
            LogBatch.Builder b = LogBatch.newBuilder();
            for (int j = i; j < i + BATCH; j++) {
                b.addEvents(LogEvent.newBuilder().setTenant(TENANT).setService(service(j)).setHost("node-1").setLevel(level(j))
                        .setTimestampUnixNanos(1_700_000_000_000_000_000L + j * 1_000_000L).setMessage(lines.get(j)));
            }
            batches.add(b.build());
        }
    }

    @Benchmark
    public void compiled(Blackhole bh) {
        int i = next();
        session.match(TENANT, service(i), "node-1", level(i), lines.get(i), bh::consume);
    }

    @Benchmark
    public void naive(Blackhole bh) {
        int i = next();
        String service = service(i);
        String level = level(i);
        String line = lines.get(i);
        for (CompiledRule r : rules) {
            if (r.tenant().equals(TENANT) && r.query().matches(service, "node-1", level, line)) {
                bh.consume(r.ruleId());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object batchCount() {
        LogBatch b = batches.get(nextBatch);
        nextBatch = (nextBatch + 1) % batches.size();
        return MatchCounter.count(b, ruleSet);
    }

    private int next() {
        int i = next;
        next = (i + 1) % lines.size();
        return i;
    }

    /** The system a line comes from (LoghubLines keeps the files' sorted order, 2,000 lines each). */
    static String service(int i) {
        return SYSTEMS[(i / 2_000) % SYSTEMS.length];
    }

    static String level(int i) {
        return i % 7 == 0 ? "ERROR" : i % 5 == 0 ? "WARN" : "INFO";
    }

    /** The 1,000 rules: 800 literal rules, 200 regex rules (20 without a required literal). */
    static List<CompiledRule> rules(List<String> lines, Random random) {
        List<String> queries = queries(lines, random);
        List<CompiledRule> rules = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            rules.add(new CompiledRule(i + 1, TENANT, LogQuery.parse(queries.get(i))));
        }
        return rules;
    }

    /** The queries of {@link #rules}, as text (rule {@code i + 1} has query {@code i}). */
    static List<String> queries(List<String> lines, Random random) {
        List<String> words = words(lines);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            String w = words.get(random.nextInt(words.size()));
            String sel = i % 10 == 0 ? "{service=\"" + SYSTEMS[i % SYSTEMS.length] + "\"}" : i % 10 == 1 ? "{level=~\"WARN|ERROR\"}" : "{}";
            queries.add(sel + switch (i % 8) {
                case 0, 1, 2, 3 -> " |= `" + w + "`";
                case 4 -> " |~ `(?i)" + w + "`";
                case 5 -> " |~ `" + w + "|" + words.get(random.nextInt(words.size())) + "`";
                case 6 -> " |= `" + w + "` != `" + words.get(random.nextInt(words.size())) + "`";
                default -> " |= `" + w.toUpperCase() + "`";
            });
        }
        for (int i = 0; i < 200; i++) {
            String w = words.get(random.nextInt(words.size()));
            String w2 = words.get(random.nextInt(words.size()));
            queries.add("{} |~ `" + switch (i % 10) {
                case 0 -> "\\d{4}-\\d{2}-\\d{2}[ T]\\d+:";
                case 1, 2 -> w + "\\s*[:=]?\\s*\\d+";
                case 3, 4 -> "(?i)" + w + ".*" + w2;
                case 5 -> "\\b" + w + "\\b";
                case 6 -> w + "[:=]\\s*\\S+";
                case 7 -> "(?i)(" + w + "|" + w2 + ")s? \\w+";
                case 8 -> "^\\S+ \\S+ " + w;
                default -> "blk_-?\\d+.*" + w;
            } + "`");
        }
        return queries;
    }

    /** Distinct alphanumeric tokens of 4 to 20 characters, in order of first appearance. */
    private static List<String> words(List<String> lines) {
        Set<String> words = new LinkedHashSet<>();
        for (String line : lines) {
            for (String t : line.split("[^A-Za-z0-9_]+")) {
                if (t.length() >= 4 && t.length() <= 20 && !t.chars().allMatch(Character::isDigit)) {
                    words.add(t);
                }
            }
        }
        return new ArrayList<>(words);
    }
}

package io.sluice.bench;

import io.sluice.patterns.Match;
import io.sluice.patterns.TemplateMiner;
import io.sluice.patterns.eval.LoghubDataset;
import io.sluice.patterns.eval.LoghubEvaluation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Lines per second through {@link TemplateMiner} on one thread, over the 16,000 Loghub-2k lines (8 systems,
 * one miner each, in file order). Content is extracted with each system's log_format and the published
 * masks applied once, in setup (as the pipeline's parser would have done before the miner); the miner's own
 * tokenising and generic masking are measured. One operation is one line.
 *
 * <ul>
 *   <li>{@code steadyState}: miners that have already seen the lines once (templates learned) — the
 *       normal state of a long-running pipeline;</li>
 *   <li>{@code coldStart}: fresh miners every pass, so every template is learned, searched and merged
 *       again;</li>
 *   <li>{@code baselineRegexSplit} (the baseline): only {@code Pattern.compile("\\s+").split(line)}, the
 *       whitespace tokenising every Drain implementation starts with.</li>
 * </ul>
 * Dataset folder: system property {@code dataset}, default {@code ../shared/datasets/loghub-2k}.
 *
 * <p>The machine is shared, so wall-clock ops/s understate the miner when other processes take the cores.
 * The benchmark therefore also prints, over its measurement iterations, the benchmark thread's own CPU
 * time per line ({@code ThreadMXBean}), and from it lines per CPU-second, i.e. per core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Threads(1)
@State(Scope.Thread)
public class PatternMinerBenchmark {

  private static final int LINES = 16_000;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private String[][] systems;
  private TemplateMiner[] warm;
  private long lines;
  private long iterationCpuStart;
  private long measuredLines;
  private long measuredCpuNanos;

  @Setup(Level.Trial)
  public void load() throws Exception {
    Path root = Path.of(System.getProperty("dataset", LoghubEvaluation.ROOT.toString()));
    List<LoghubDataset> datasets = LoghubEvaluation.datasets(root);
    systems = new String[datasets.size()][];
    int total = 0;
    for (int i = 0; i < systems.length; i++) {
      systems[i] = datasets.get(i).contents().toArray(String[]::new);
      total += systems[i].length;
    }
    if (total != LINES) {
      throw new IllegalStateException("expected " + LINES + " lines, found " + total);
    }
    warm = new TemplateMiner[systems.length];
    for (int i = 0; i < systems.length; i++) {
      warm[i] = new TemplateMiner();
      for (String line : systems[i]) {
        warm[i].mine(line);
      }
    }
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    lines = 0;
    iterationCpuStart = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void endIteration(IterationParams params) {
    if (params.getType() == IterationType.MEASUREMENT) {
      measuredCpuNanos += THREADS.getCurrentThreadCpuTime() - iterationCpuStart;
      measuredLines += lines;
    }
  }

  @TearDown(Level.Trial)
  public void report() {
    if (measuredLines > 0) {
      double nsPerLine = (double) measuredCpuNanos / measuredLines;
      System.out.printf("%n[cpu] %,d lines measured: %.1f CPU-ns per line = %,.0f lines per CPU-second%n",
          measuredLines, nsPerLine, 1e9 / nsPerLine);
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void steadyState(Blackhole bh) {
    lines += LINES;
    for (int i = 0; i < systems.length; i++) {
      TemplateMiner miner = warm[i];
      for (String line : systems[i]) {
        consume(bh, miner.mine(line, 1L));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void coldStart(Blackhole bh) {
    lines += LINES;
    for (String[] system : systems) {
      TemplateMiner miner = new TemplateMiner();
      for (String line : system) {
        consume(bh, miner.mine(line, 1L));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void baselineRegexSplit(Blackhole bh) {
    lines += LINES;
    for (String[] system : systems) {
      for (String line : system) {
        bh.consume(WHITESPACE.split(line.strip()));
      }
    }
  }

  private static void consume(Blackhole bh, Match m) {
    bh.consume(m.templateId());
    bh.consume(m.variables());
  }
}

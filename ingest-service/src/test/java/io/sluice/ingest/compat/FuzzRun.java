package io.sluice.ingest.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Runs one fuzz campaign against an input: {@code sluice.fuzz.frames} (default 10,000) frames from
 * a seeded {@link Mutator} over a few client threads, while one more thread sends valid requests,
 * each with a unique marker. Checks afterwards: every frame was answered (each has its own
 * timeout, so a hang fails the run), only allowed outcomes occurred (never a 5xx other than 503),
 * error texts are clean (no exception class names or stack frames), the valid markers were all
 * acknowledged, and neither the process's open file descriptors (connections) nor its heap grew
 * without bound. The seed is printed so a failure can be replayed with {@code -Dsluice.fuzz.seed}.
 */
public final class FuzzRun {

    /** What one frame got back. */
    public record Outcome(String status, String message) {
    }

    /** Frames per input (system property {@code sluice.fuzz.frames}, default 10,000). */
    public static final int FRAMES = Integer.getInteger("sluice.fuzz.frames", 10_000);

    private static final int THREADS = 6;
    private static final long MAX_HEAP_GROWTH = 96L * 1024 * 1024;
    private static final int MAX_FD_GROWTH = 64;

    private final String input;
    private final long seed;
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

    private FuzzRun(String input) {
        this.input = input;
        this.seed = Long.getLong("sluice.fuzz.seed", System.nanoTime());
        System.out.println("fuzz " + input + ": seed=" + seed + " frames=" + FRAMES + " (replay with -Dsluice.fuzz.seed=" + seed + ")");
    }

    /** A campaign named {@code input}. */
    public static FuzzRun of(String input) {
        return new FuzzRun(input);
    }

    /** The seed of this run. */
    public long seed() {
        return seed;
    }

    /**
     * Sends {@link #FRAMES} frames made by {@code frame} (given a per-thread random source) and,
     * alongside, {@code validCount} valid requests made by {@code valid} (given their number);
     * {@code allowed} lists the acceptable statuses. Returns the markers' numbers whose request
     * was acknowledged.
     */
    public Set<Integer> run(java.util.function.Function<SplittableRandom, Outcome> frame, Set<String> allowed,
                            int validCount, IntFunction<Outcome> valid, Set<String> validOk) throws Exception {
        long heapBefore = usedHeapAfterGc();
        long fdsBefore = openFds();
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            AtomicInteger next = new AtomicInteger();
            SplittableRandom root = new SplittableRandom(seed);
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = root.split();
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < FRAMES) {
                        record(frame.apply(random), allowed);
                    }
                }));
            }
            Future<?> validSender = pool.submit(() -> {
                for (int i = 0; i < validCount; i++) {
                    Outcome outcome = valid.apply(i);
                    if (validOk.contains(outcome.status())) {
                        acknowledged.add(i);
                    } else {
                        problems.add("valid request " + i + " got " + outcome.status() + ": " + outcome.message());
                    }
                }
            });
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
            validSender.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        System.out.println("fuzz " + input + ": outcomes " + new java.util.TreeMap<>(Map.copyOf(
                outcomes.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())))));
        assertThat(problems).as("fuzz %s (seed %d): problems", input, seed).isEmpty();
        assertThat(outcomes.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(FRAMES);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(openFds()).as("open file descriptors (connections) after fuzz %s, seed %d", input, seed)
                        .isLessThanOrEqualTo(fdsBefore + MAX_FD_GROWTH));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(usedHeapAfterGc() - heapBefore).as("heap growth after fuzz %s, seed %d", input, seed)
                        .isLessThan(MAX_HEAP_GROWTH));
        return acknowledged;
    }

    private void record(Outcome outcome, Set<String> allowed) {
        outcomes.computeIfAbsent(outcome.status(), k -> new AtomicInteger()).incrementAndGet();
        if (!allowed.contains(outcome.status())) {
            problems.add("outcome " + outcome.status() + " not allowed: " + abbreviate(outcome.message()));
        } else if (outcome.message() != null && (outcome.message().contains("Exception") || outcome.message().contains("\tat "))) {
            problems.add("unclean error text (" + outcome.status() + "): " + abbreviate(outcome.message()));
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 3000 ? text.substring(0, 3000) + "…" : text;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}

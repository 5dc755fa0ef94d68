package io.sluice.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** What both fuzz tests share: the frame count, the seed, heap measurement and the valid-traffic check. */
final class FuzzSupport {

    /** Frames per input in the test suite (more in a bench run: {@code -Dsluice.fuzz.frames=100000}). */
    static final int FRAMES = Integer.getInteger("sluice.fuzz.frames", 10_000);

    /** Service name of the valid traffic sent alongside the fuzz frames. */
    static final String VALID_SERVICE = "valid-traffic";

    private FuzzSupport() {
    }

    /** The random seed: {@code -Dsluice.fuzz.seed} to replay a run, else a new one (printed). */
    static long seed(String input) {
        long seed = Long.getLong("sluice.fuzz.seed", System.nanoTime());
        System.out.printf("fuzzing %s with seed %d (replay with -Dsluice.fuzz.seed=%d)%n", input, seed, seed);
        return seed;
    }

    /** A timestamp inside the ingest window, in nanoseconds. */
    static long recentNanos() {
        Instant now = Instant.now().minusSeconds(60);
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Heap in use after a full collection, in bytes. */
    static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Asserts that every message "valid b e" (b < batches, e < perBatch) of the valid traffic is stored exactly once. */
    static void assertValidTrafficStoredOnce(List<LogEvent> stored, int batches, int perBatch) {
        Map<String, Long> counts = stored.stream()
                .filter(event -> event.getService().equals(VALID_SERVICE))
                .collect(Collectors.groupingBy(LogEvent::getMessage, Collectors.counting()));
        List<String> expected = IntStream.range(0, batches).boxed()
                .flatMap(b -> IntStream.range(0, perBatch).mapToObj(e -> "valid " + b + " " + e))
                .toList();
        assertThat(counts).as("valid events stored, by message").hasSize(expected.size());
        assertThat(counts).containsOnlyKeys(expected);
        assertThat(counts.values()).allMatch(count -> count == 1L);
    }

    /** Formats a tally for the test output. */
    static <K> String tally(Map<K, Long> counts, Function<K, String> name) {
        return counts.entrySet().stream().map(e -> name.apply(e.getKey()) + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}

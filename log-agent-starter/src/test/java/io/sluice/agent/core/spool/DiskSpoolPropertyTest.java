package io.sluice.agent.core.spool;

import static io.sluice.agent.core.spool.Spools.segmentBytesOnDisk;
import static io.sluice.agent.core.spool.Spools.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random appends, in-order and out-of-order acknowledgements and restarts, checked after every
 * step against a plain in-memory model of what should be pending and what {@code next()} should
 * return. Each seed is a reproducible run; a failure message names the seed and the step.
 */
class DiskSpoolPropertyTest {

    private static final SpoolConfig CONFIG = new SpoolConfig(64 << 20, 64 * 1024, false);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void behavesLikeAnInMemoryModelAcrossAppendsAcksAndRestarts(long seed) throws IOException {
        Random random = new Random(seed);
        RecordedWarnings warnings = new RecordedWarnings();
        Model model = new Model();
        DiskSpool spool = DiskSpool.open(dir, CONFIG, warnings);
        long sequence = 0;
        try {
            for (int step = 0; step < 3_000; step++) {
                String where = "seed " + seed + ", step " + step;
                int dice = random.nextInt(100);
                if (dice < 55) {
                    sequence += 1 + random.nextInt(3);
                    SpooledBatch batch = randomBatch(random, sequence);
                    assertThat(spool.append(batch)).as(where).isTrue();
                    model.add(batch);
                } else if (dice < 80) {
                    Optional<SpooledBatch> next = spool.next();
                    assertThat(next).as(where).isEqualTo(model.next());
                    if (next.isPresent()) {
                        spool.ack(next.get().sequence());
                        model.remove(next.get().sequence());
                    }
                } else if (dice < 93) {
                    Optional<Long> pending = model.randomPending(random);
                    long acked = pending.orElse(sequence + 1);
                    spool.ack(acked);
                    model.remove(acked);
                } else if (dice < 99) {
                    spool.ack(random.nextBoolean() ? sequence + 1 + random.nextInt(5) : model.anAcknowledged(random));
                } else {
                    spool.close();
                    spool = DiskSpool.open(dir, CONFIG, warnings);
                    assertThat(spool.lastSequence()).as(where).isLessThanOrEqualTo(sequence);
                }
                model.check(spool, where);
                if (step % 20 == 0 || dice >= 99) {
                    assertThat(spool.bytesUsed()).as(where).isEqualTo(segmentBytesOnDisk(dir));
                }
            }
            while (model.next().isPresent()) {
                assertThat(spool.next()).isEqualTo(model.next());
                spool.ack(model.next().orElseThrow().sequence());
                model.remove(model.next().orElseThrow().sequence());
            }
            assertThat(spool.next()).isEmpty();
        } finally {
            spool.close();
        }
        assertThat(segmentFiles(dir)).isEmpty();
        assertThat(warnings.messages()).isEmpty();
    }

    private static SpooledBatch randomBatch(Random random, long sequence) {
        int size = random.nextInt(50) == 0 ? 20_000 + random.nextInt(10_000) : random.nextInt(2_000);
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        String key = "agent-" + random.nextInt(3) + ":" + sequence;
        return new SpooledBatch(sequence, key, random.nextInt(5) == 0, payload);
    }

    /** What the spool should hold: pending batches per lane, oldest first. */
    private static final class Model {

        private final TreeMap<Long, SpooledBatch> priority = new TreeMap<>();
        private final TreeMap<Long, SpooledBatch> normal = new TreeMap<>();

        void add(SpooledBatch batch) {
            (batch.priority() ? priority : normal).put(batch.sequence(), batch);
        }

        private final List<Long> acknowledged = new ArrayList<>();

        void remove(long sequence) {
            if (priority.remove(sequence) != null || normal.remove(sequence) != null) {
                acknowledged.add(sequence);
            }
        }

        long anAcknowledged(Random random) {
            return acknowledged.isEmpty() ? 0 : acknowledged.get(random.nextInt(acknowledged.size()));
        }

        Optional<SpooledBatch> next() {
            Map.Entry<Long, SpooledBatch> first = priority.isEmpty() ? normal.firstEntry() : priority.firstEntry();
            return Optional.ofNullable(first).map(Map.Entry::getValue);
        }

        Optional<Long> randomPending(Random random) {
            List<Long> all = new ArrayList<>(priority.keySet());
            all.addAll(normal.keySet());
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(random.nextInt(all.size())));
        }

        void check(DiskSpool spool, String where) {
            assertThat(spool.pendingBatches()).as(where).isEqualTo(priority.size() + normal.size());
            assertThat(spool.next()).as(where).isEqualTo(next());
        }
    }
}

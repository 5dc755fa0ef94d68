package io.sluice.agent.core.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Batches and directory listings shared by the spool tests. */
final class Spools {

    private Spools() {
    }

    static SpooledBatch batch(long sequence) {
        return batch(sequence, false);
    }

    static SpooledBatch batch(long sequence, boolean priority) {
        return new SpooledBatch(sequence, "agent-1:" + sequence, priority,
                ("payload of batch " + sequence).getBytes(StandardCharsets.UTF_8));
    }

    static SpooledBatch batch(long sequence, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        for (int i = 0; i < payloadBytes; i++) {
            payload[i] = (byte) (sequence * 31 + i * 7);
        }
        return new SpooledBatch(sequence, "agent-1:" + sequence, false, payload);
    }

    static List<Path> segmentFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".spool")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long segmentBytesOnDisk(Path dir) {
        return segmentFiles(dir).stream().mapToLong(file -> {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sum();
    }

    /** Returns and acknowledges everything pending, in the order {@code next()} hands it out. */
    static List<Long> drain(DiskSpool spool) {
        List<Long> sequences = new ArrayList<>();
        for (var next = spool.next(); next.isPresent(); next = spool.next()) {
            sequences.add(next.get().sequence());
            spool.ack(next.get().sequence());
        }
        return sequences;
    }
}

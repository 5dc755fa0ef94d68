package io.sluice.logstore.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.model.ArchivedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One write call whose chunks add up to more than MariaDB's default 16 MB packet: the rows must be
 * spread over statements that each fit, and every event stored.
 */
class LargeWriteTest {

    static TestArchive archive;

    @BeforeAll
    static void start() {
        archive = new TestArchive(Map.of("sluice.logstore.chunk.max-bytes", "512KB"));
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    @Test
    void aWriteOfManyFullChunksIsSplitIntoStatementsThatFitThePacketLimit() {
        Random random = new Random(42);
        EventIds.Batch ids = EventIds.batch();
        List<ArchivedEvent> events = new ArrayList<>();
        byte[] noise = new byte[750];
        long t0 = ChunkArchiveTest.T0;
        for (int i = 0; i < 24_000; i++) {
            random.nextBytes(noise);
            events.add(new ArchivedEvent(ids.next(), "large", t0 + i * 1_000_000L, "svc-" + (i % 6), "host", "INFO",
                    Base64.getEncoder().encodeToString(noise), null, null, 0, ""));
        }
        Long stored = archive.bean(ArchiveSink.class).write(List.of(new ArchiveEntry("large/1-0", events)))
                .block(Duration.ofSeconds(120));
        assertThat(stored).isEqualTo(24_000L);
        assertThat(archive.database().queryLong("SELECT SUM(stored_bytes) FROM log_chunk WHERE tenant = 'large'"))
                .as("compressed data of the one write, bigger than one packet")
                .isGreaterThan(16L << 20);
        assertThat(archive.database().queryLong("SELECT SUM(events) FROM log_chunk WHERE tenant = 'large'")).isEqualTo(24_000L);
    }
}

package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetEventsTest {

    private static final long EVENTS = 20_000;
    private static final long START = 1_764_000_000_000_000_000L + 123_456_789L;
    private static final long SPAN = TimeUnit.HOURS.toNanos(24);
    private static final long SLICE = TimeUnit.HOURS.toNanos(1);
    private static final String NEEDLE = "needle0123456789abcdef";

    @BeforeAll
    static void findLoghub() {
        if (System.getProperty("dataset") == null) {
            for (String candidate : List.of("../shared/datasets/loghub-2k", "../../shared/datasets/loghub-2k", "/work/shared/datasets/loghub-2k")) {
                if (Files.isDirectory(Path.of(candidate))) {
                    System.setProperty("dataset", candidate);
                    break;
                }
            }
        }
    }

    private static List<List<ArchiveEntry>> all(DatasetEvents generator) {
        List<List<ArchiveEntry>> writes = new ArrayList<>();
        List<List<ArchiveEntry>> slice;
        while ((slice = generator.nextSlice()) != null) {
            writes.addAll(slice);
        }
        return writes;
    }

    private static DatasetEvents generator(long seed) {
        return new DatasetEvents(LoadEvents.load(), "t", EVENTS, START, SPAN, SLICE, seed, NEEDLE, 12_345);
    }

    @Test
    void everyWriteHoldsOneStreamOfOneSliceAndEveryEventComesOnce() {
        List<List<ArchiveEntry>> writes = all(generator(42));

        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        Set<String> streamSlices = new HashSet<>();
        long previousSlice = Long.MIN_VALUE;
        for (List<ArchiveEntry> write : writes) {
            Set<String> streams = new HashSet<>();
            Set<Long> slices = new HashSet<>();
            for (ArchiveEntry entry : write) {
                assertThat(keys.add(entry.entryKey())).as("entry keys are unique").isTrue();
                assertThat(entry.events()).hasSizeLessThanOrEqualTo(DatasetEvents.BATCH);
                for (ArchivedEvent e : entry.events()) {
                    assertThat(ids.add(e.id())).as("event ids are unique").isTrue();
                    streams.add(e.service() + "/" + e.host());
                    slices.add(Math.floorDiv(e.timestampNanos(), SLICE));
                    assertThat(e.timestampNanos()).isBetween(START, START + SPAN - 1);
                }
            }
            assertThat(streams).hasSize(1);
            assertThat(slices).hasSize(1);
            long slice = slices.iterator().next();
            assertThat(slice).as("slices come in time order").isGreaterThanOrEqualTo(previousSlice);
            previousSlice = slice;
            assertThat(streamSlices.add(streams.iterator().next() + "@" + slice)).as("one write per stream and slice").isTrue();
        }
        assertThat(ids).hasSize((int) EVENTS);
    }

    @Test
    void eightServicesOnFourHostsEachWithLevelsAndTemplateIdsAndExactlyOneNeedle() {
        List<ArchivedEvent> events = all(generator(42)).stream().flatMap(List::stream).flatMap(e -> e.events().stream()).toList();

        assertThat(events.stream().map(ArchivedEvent::service).distinct()).hasSize(8);
        assertThat(events.stream().map(e -> e.service() + "/" + e.host()).distinct()).hasSize(32);
        assertThat(events.stream().map(ArchivedEvent::level).distinct()).contains("INFO", "ERROR", "WARN");
        assertThat(events).allSatisfy(e -> assertThat(e.templateId()).isNotZero());
        assertThat(events.stream().filter(e -> e.message().contains(NEEDLE))).hasSize(1);
    }

    @Test
    void theSameSeedGivesTheSameMessagesAndAnotherSeedOtherDigits() {
        List<String> a = messages(generator(7));
        List<String> b = messages(generator(7));
        List<String> c = messages(generator(8));

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void templatesCountEveryEventOnce() {
        DatasetEvents generator = generator(42);
        all(generator);

        assertThat(generator.templates().stream().mapToLong(t -> t.count()).sum()).isEqualTo(EVENTS);
        assertThat(generator.rawBytes()).isGreaterThan(EVENTS * 50);
    }

    @Test
    void durationsParseWithTheirUnit() {
        assertThat(ArchiveDatasetLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ArchiveDatasetLoader.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(ArchiveDatasetLoader.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
    }

    private static List<String> messages(DatasetEvents generator) {
        return all(generator).stream().flatMap(List::stream).flatMap(e -> e.events().stream()).map(ArchivedEvent::message).toList();
    }
}

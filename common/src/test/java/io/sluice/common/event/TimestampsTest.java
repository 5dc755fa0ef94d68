package io.sluice.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void parsesRfc3339AndEpochMillis() {
        assertThat(Timestamps.parseNanos("1764000000123")).isEqualTo(1_764_000_000_123_000_000L);
        assertThat(Timestamps.parseNanos("2026-11-24T10:15:30.000000001Z")).isEqualTo(
                Timestamps.toNanos(java.time.Instant.parse("2026-11-24T10:15:30Z")) + 1);
        assertThat(Timestamps.parseNanos("2026-11-24T12:15:30+02:00")).isEqualTo(
                Timestamps.toNanos(java.time.Instant.parse("2026-11-24T10:15:30Z")));
    }

    @Test
    void rejectsOtherFormsWithAClearMessage() {
        assertThatThrownBy(() -> Timestamps.parseNanos("yesterday")).hasMessageContaining("RFC 3339");
    }

    @Test
    void eventIdsAreThirtyTwoHexCharsAndSortByTime() {
        String a = EventIds.of(1000, 5, 1);
        String b = EventIds.of(1001, 0, 0);
        assertThat(a).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(a).isLessThan(b);
        assertThat(EventIds.next()).isNotEqualTo(EventIds.next());
    }

    @Test
    void idsOfOneBatchShareAPrefixAndStayUniqueAndOrdered() {
        EventIds.Batch batch = EventIds.batch();
        java.util.List<String> ids = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> batch.next()).toList();
        assertThat(ids).doesNotHaveDuplicates().isSorted().allMatch(id -> id.matches("[0-9a-f]{32}"));
        assertThat(ids).allMatch(id -> id.startsWith(ids.get(0).substring(0, 24)));
        assertThat(EventIds.batch().next().substring(12, 24)).isNotEqualTo(ids.get(0).substring(12, 24));
    }

    @Test
    void levelsNormalise() {
        assertThat(Levels.normalize("warning")).hasValue("WARN");
        assertThat(Levels.normalize(" Err ")).hasValue("ERROR");
        assertThat(Levels.normalize("loud")).isEmpty();
    }
}

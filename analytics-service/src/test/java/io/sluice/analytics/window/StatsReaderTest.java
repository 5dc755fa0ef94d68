package io.sluice.analytics.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsReaderTest {

    @Test
    void coversEveryMinuteOverlappingTheRangeAndNoMore() {
        assertThat(StatsReader.minutes(60_000, 180_000)).containsExactly(60_000L, 120_000L);
        assertThat(StatsReader.minutes(90_000, 180_001)).containsExactly(60_000L, 120_000L, 180_000L);
        assertThat(StatsReader.minutes(1, 2)).containsExactly(0L);
    }
}

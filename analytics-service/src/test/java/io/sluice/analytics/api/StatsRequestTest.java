package io.sluice.analytics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class StatsRequestTest {

    private static final long NOW = 1_767_261_600_000L;

    @Test
    void defaultsToTheLastHourOfTheDefaultTenant() {
        assertThat(StatsRequest.parse(null, null, null, NOW)).isEqualTo(new StatsRequest("default", NOW - 3_600_000, NOW));
    }

    @Test
    void acceptsRfc3339AndEpochMillis() {
        StatsRequest r = StatsRequest.parse("2026-01-01T10:00:00Z", "1767265200000", "acme", NOW);

        assertThat(r).isEqualTo(new StatsRequest("acme", 1_767_261_600_000L, 1_767_265_200_000L));
    }

    @Test
    void rejectsUnparseableTimesNamingTheParameter() {
        assertThatIllegalArgumentException().isThrownBy(() -> StatsRequest.parse("yesterday", null, null, NOW))
                .withMessageStartingWith("from: ").withMessageContaining("RFC 3339");
        assertThatIllegalArgumentException().isThrownBy(() -> StatsRequest.parse(null, "soon", null, NOW))
                .withMessageStartingWith("to: ");
    }

    @Test
    void rejectsEmptyReversedAndOverlongRanges() {
        assertThatIllegalArgumentException().isThrownBy(() -> StatsRequest.parse("1000", "1000", null, NOW)).withMessageContaining("before");
        assertThatIllegalArgumentException().isThrownBy(() -> StatsRequest.parse("2000", "1000", null, NOW)).withMessageContaining("before");
        assertThatIllegalArgumentException().isThrownBy(() -> StatsRequest.parse("0", String.valueOf(8L * 86_400_000), null, NOW))
                .withMessageContaining("7 days");
    }

    @Test
    void rejectsTenantsThatCannotNameAKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> StatsRequest.parse(null, null, "a:b", NOW)).withMessageContaining("tenant");
        assertThatIllegalArgumentException().isThrownBy(() -> StatsRequest.parse(null, null, " ", NOW)).withMessageContaining("tenant");
    }
}

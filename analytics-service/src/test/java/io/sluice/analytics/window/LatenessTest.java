package io.sluice.analytics.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenessTest {

    private final Lateness fiveMinutes = new Lateness(300_000);

    @Test
    void anEventUpToTheAllowedLatenessBehindTheWatermarkCounts() {
        long watermark = 1_000_000_000L;
        assertThat(fiveMinutes.isLate(watermark, watermark)).isFalse();
        assertThat(fiveMinutes.isLate(watermark + 1, watermark)).isFalse();
        assertThat(fiveMinutes.isLate(watermark - 300_000, watermark)).isFalse();
        assertThat(fiveMinutes.isLate(watermark - 300_001, watermark)).isTrue();
    }

    @Test
    void nothingIsLateBeforeTheFirstEventOfATenant() {
        assertThat(fiveMinutes.isLate(0, Lateness.NO_WATERMARK)).isFalse();
    }

    @Test
    void zeroLatenessDropsEverythingBehindTheWatermark() {
        Lateness none = new Lateness(0);
        assertThat(none.isLate(99, 100)).isTrue();
        assertThat(none.isLate(100, 100)).isFalse();
        assertThatThrownBy(() -> new Lateness(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

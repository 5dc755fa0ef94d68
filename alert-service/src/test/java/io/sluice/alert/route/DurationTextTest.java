package io.sluice.alert.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsPrometheusStyleDurations() {
        assertThat(DurationText.parse("0")).isZero();
        assertThat(DurationText.parse("0s")).isZero();
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofHours(24));
        assertThat(DurationText.parse("2w")).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void formatsWhatItReads() {
        for (String s : new String[] {"0s", "500ms", "30s", "5m", "4h", "1h30m", "1m1s1ms"}) {
            assertThat(DurationText.format(DurationText.parse(s))).isEqualTo(s);
        }
    }

    @Test
    void rejectsOtherText() {
        for (String bad : new String[] {"", "5", "5 m", "m5", "-5s", "1.5h", "5mm"}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

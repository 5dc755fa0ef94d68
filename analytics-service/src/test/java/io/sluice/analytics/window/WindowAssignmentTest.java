package io.sluice.analytics.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowAssignmentTest {

    @Test
    void anEventBelongsToTheEpochAlignedWindowOfEachWidthContainingIt() {
        long t = 1_767_261_659_999L; // 09:59:59.999 of 2026-01-01 UTC... any time; widths are epoch-aligned
        assertThat(WindowSize.TEN_SECONDS.start(t)).isEqualTo(1_767_261_650_000L);
        assertThat(WindowSize.ONE_MINUTE.start(t)).isEqualTo(1_767_261_600_000L);
        assertThat(WindowSize.FIVE_MINUTES.start(t)).isEqualTo(1_767_261_600_000L);
        assertThat(WindowSize.ONE_HOUR.start(t)).isEqualTo(1_767_261_600_000L);
        assertThat(WindowSize.TEN_SECONDS.start(t + 1)).isEqualTo(1_767_261_660_000L);
        assertThat(WindowSize.ONE_MINUTE.start(t + 1)).isEqualTo(1_767_261_660_000L);
        assertThat(WindowSize.FIVE_MINUTES.start(t + 1)).isEqualTo(1_767_261_600_000L);
    }

    @Test
    void windowsAreNestedSoAWiderWindowIsTheSumOfTheTenSecondOnesItCovers() {
        for (long t = -123_456_789L; t < 7_300_000L; t += 7_777L) {
            long ten = WindowSize.TEN_SECONDS.start(t);
            for (WindowSize size : WindowSize.values()) {
                assertThat(size.start(ten)).isEqualTo(size.start(t));
                assertThat(size.start(t)).isLessThanOrEqualTo(t).isGreaterThan(t - size.millis());
            }
        }
    }

    @Test
    void boardWindowsAreTheUtcHourAndDay() {
        long t = 1_767_265_199_000L; // 2026-01-01T10:59:59Z
        assertThat(BoardWindow.HOUR.start(t)).isEqualTo(1_767_261_600_000L);
        assertThat(BoardWindow.DAY.start(t)).isEqualTo(1_767_225_600_000L);
    }

    @Test
    void widthsParseFromTheirLabelsOnly() {
        assertThat(WindowSize.parse("5m")).isEqualTo(WindowSize.FIVE_MINUTES);
        assertThatThrownBy(() -> WindowSize.parse("2m")).hasMessageContaining("10s|1m|5m|1h").hasMessageContaining("'2m'");
        assertThatThrownBy(() -> BoardWindow.parse("1w")).hasMessageContaining("1h|1d");
        assertThatThrownBy(() -> Board.parse("top")).hasMessageContaining("top-error-templates|noisiest-services|new-templates");
    }

    @Test
    void tumblingStartsCoverTheRangeAndSlidingEndsStepThroughIt() {
        assertThat(WindowReader.starts(WindowSize.ONE_MINUTE, 90_000, 180_001)).containsExactly(60_000L, 120_000L, 180_000L);
        assertThat(WindowReader.ends(10_000, 0, 30_000)).containsExactly(10_000L, 20_000L, 30_000L);
        assertThat(WindowReader.ends(10_000, 5_000, 25_000)).containsExactly(10_000L, 20_000L, 30_000L);
    }
}

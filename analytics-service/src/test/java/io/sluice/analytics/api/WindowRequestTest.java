package io.sluice.analytics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.analytics.window.Board;
import io.sluice.analytics.window.BoardWindow;
import io.sluice.analytics.window.WindowQuery;
import io.sluice.analytics.window.WindowSize;
import org.junit.jupiter.api.Test;

class WindowRequestTest {

    private static final long NOW = 1_767_261_600_000L;

    @Test
    void defaultsToTheSixtyOneMinuteWindowsEndingNow() {
        WindowQuery q = WindowRequest.parse(null, null, null, null, null, null, null, "shop", NOW);
        assertThat(q).isEqualTo(new WindowQuery("shop", WindowSize.ONE_MINUTE, NOW - 3_600_000, NOW, 0, null, null, null));
    }

    @Test
    void aStepMakesSlidingWindowsAndFiltersAreNormalised() {
        WindowQuery q = WindowRequest.parse("5m", "2026-01-01T10:00:00Z", "2026-01-01T10:10:00Z", "10s", " checkout ", "error", "-42", "shop", NOW);
        assertThat(q.size()).isEqualTo(WindowSize.FIVE_MINUTES);
        assertThat(q.stepMillis()).isEqualTo(10_000);
        assertThat(q.to() - q.from()).isEqualTo(600_000);
        assertThat(q.service()).isEqualTo("checkout");
        assertThat(q.level()).isEqualTo("ERROR");
        assertThat(q.template()).isEqualTo(-42L);
    }

    @Test
    void refusesWhatItCannotAnswerNamingTheParameter() {
        assertThatThrownBy(() -> WindowRequest.parse("2m", null, null, null, null, null, null, "t", NOW)).hasMessageStartingWith("window");
        assertThatThrownBy(() -> WindowRequest.parse("1m", null, null, "5m", null, null, null, "t", NOW)).hasMessageStartingWith("step");
        assertThatThrownBy(() -> WindowRequest.parse("10s", "0", "86400000", null, null, null, null, "t", NOW)).hasMessageContaining("1440");
        assertThatThrownBy(() -> WindowRequest.parse("1m", "20", "10", null, null, null, null, "t", NOW)).hasMessageStartingWith("from");
        assertThatThrownBy(() -> WindowRequest.parse("1m", null, null, null, "", null, null, "t", NOW)).hasMessageStartingWith("service");
        assertThatThrownBy(() -> WindowRequest.parse("1m", null, null, null, null, "LOUD", null, "t", NOW)).hasMessageStartingWith("level");
        assertThatThrownBy(() -> WindowRequest.parse("1m", null, null, null, null, null, "x1", "t", NOW)).hasMessageStartingWith("template");
        assertThat(WindowRequest.parse("10s", "0", "14400000", null, null, null, null, "t", NOW).to()).isEqualTo(14_400_000L);
        assertThatThrownBy(() -> WindowRequest.parse("1h", "0", "172800000", "1h", null, null, null, "t", NOW))
                .hasMessageStartingWith("sliding windows");
        assertThat(WindowRequest.parse("1h", "0", "82800000", "1h", null, null, null, "t", NOW).stepMillis()).isEqualTo(3_600_000L);
    }

    @Test
    void leaderboardsNeedABoardAndDefaultToTheCurrentHourAndTen() {
        assertThat(LeaderboardRequest.parse("noisiest-services", null, null, null, NOW))
                .isEqualTo(new LeaderboardRequest(Board.NOISIEST_SERVICES, BoardWindow.HOUR, NOW, 10));
        assertThatThrownBy(() -> LeaderboardRequest.parse(null, null, null, null, NOW)).hasMessageStartingWith("board");
        assertThatThrownBy(() -> LeaderboardRequest.parse("new-templates", null, null, "1001", NOW)).hasMessageStartingWith("limit");
    }
}

package io.sluice.admin.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Timestamps, durations and steps as Loki's HTTP API reads them. */
class LokiTimeTest {

    private static final long S = 1_000_000_000L;

    @ParameterizedTest
    @CsvSource({
        "1764050400, 1764050400000000000",
        "1764050400123, 1764050400123000000",
        "1764050400123456, 1764050400123456000",
        "1764050400123456789, 1764050400123456789",
        "1764050400.5, 1764050400500000000",
        "1764050400.123456789, 1764050400123456789",
        "2025-11-25T06:00:00Z, 1764050400000000000",
        "2025-11-25T06:00:00.000000001Z, 1764050400000000001",
        "2025-11-25T08:00:00+02:00, 1764050400000000000",
        "0, 0",
    })
    void readsRfc3339AndUnixSecondsMillisecondsAndNanoseconds(String text, long nanos) {
        assertThat(LokiTime.timestamp("start", text, -1)).isEqualTo(nanos);
    }

    @Test
    void aBlankTimestampIsTheFallback() {
        assertThat(LokiTime.timestamp("end", null, 42)).isEqualTo(42);
        assertThat(LokiTime.timestamp("end", " ", 42)).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2025-13-01T00:00:00Z", "1e400", "99999999999999999999", "12:00"})
    void anUnreadableTimestampNamesTheParameter(String text) {
        assertThatThrownBy(() -> LokiTime.timestamp("start", text, 0))
                .isInstanceOf(LokiInputException.class)
                .hasMessageStartingWith("invalid parameter \"start\": cannot parse \"" + text + "\"");
    }

    @ParameterizedTest
    @CsvSource({
        "5m, 300", "1h30m, 5400", "1d, 86400", "1w, 604800", "1y, 31536000", "90s, 90", "1h0m5s, 3605",
    })
    void readsPrometheusDurations(String text, long seconds) {
        assertThat(LokiTime.duration("since", text)).isEqualTo(seconds * S);
    }

    @Test
    void readsMillisecondDurations() {
        assertThat(LokiTime.duration("since", "250ms")).isEqualTo(250_000_000L);
        assertThat(LokiTime.duration("since", "1s500ms")).isEqualTo(1_500_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "m", "5 m", "1.5h", "5M", "1m1h"})
    void refusesWhatIsNotAPrometheusDuration(String text) {
        assertThatThrownBy(() -> LokiTime.duration("since", text))
                .isInstanceOf(LokiInputException.class)
                .hasMessageContaining("invalid parameter \"since\"");
    }

    @ParameterizedTest
    @CsvSource({"15, 15000000000", "0.5, 500000000", "1m, 60000000000", "250ms, 250000000", "-3, -3000000000"})
    void aStepIsFloatSecondsOrADuration(String text, long nanos) {
        assertThat(LokiTime.secondsOrDuration("step", text)).isEqualTo(nanos);
    }

    @Test
    void anUnreadableStepNamesTheParameter() {
        assertThatThrownBy(() -> LokiTime.secondsOrDuration("step", "often"))
                .isInstanceOf(LokiInputException.class)
                .hasMessageContaining("invalid parameter \"step\"");
    }

    @ParameterizedTest
    @CsvSource({"3600, 14", "300, 1", "60, 1", "86400, 345", "0, 1"})
    void theDefaultStepIsARangeOver250InWholeSecondsAtLeastOne(long rangeSeconds, long stepSeconds) {
        long start = 1_764_050_400L * S;
        assertThat(LokiTime.defaultStep(start, start + rangeSeconds * S)).isEqualTo(stepSeconds * S);
    }
}

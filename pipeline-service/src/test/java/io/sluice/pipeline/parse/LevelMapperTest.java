package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelMapperTest {

    @ParameterizedTest
    @CsvSource({"warning,WARN", "Warn,WARN", "err,ERROR", "error,ERROR", "crit,FATAL", "fatal,FATAL", "panic,FATAL", "emerg,FATAL",
            "information,INFO", "info,INFO", "notice,INFO", "debug,DEBUG", "trace,TRACE", "10,TRACE", "20,DEBUG", "30,INFO",
            "40,WARN", "50,ERROR", "60,FATAL", "0,FATAL", "3,ERROR", "4,WARN", "6,INFO", "7,DEBUG"})
    void mapsNamesBunyanNumbersAndSyslogSeverities(String raw, String level) {
        assertThat(LevelMapper.normalize(raw)).isEqualTo(level);
    }

    @Test
    void anythingElseIsNotALevel() {
        for (String raw : new String[] {"", "8", "9", "70", "100", "99999999999999", "verbose-ish", "-1", "4.5"}) {
            assertThat(LevelMapper.normalize(raw)).as(raw).isNull();
        }
        assertThat(LevelMapper.normalize(null)).isNull();
    }

    @Test
    void onlyStoredLevelsAreKnown() {
        assertThat(LevelMapper.isKnown("WARN")).isTrue();
        assertThat(LevelMapper.isKnown("")).isFalse();
        assertThat(LevelMapper.isKnown("warning")).isFalse();
        assertThat(LevelMapper.isKnown(null)).isFalse();
    }
}

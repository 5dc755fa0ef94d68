package io.sluice.common.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Re2PatternsTest {

    /** Each of these hangs RE2/J 1.8's compiler forever on Java 17 (google/re2j#168). */
    @ParameterizedTest
    @ValueSource(strings = {"(?i)\u1c80", "(?i)\\x{1C80}", "(?i)\\x{1c88}", "(?i)[\\x{1C00}-\\x{1CFF}]", "(?i:\u1c81)",
            "(?i)[\u1c80]", "(?i)[^\u1c80]", "(?i)abc\u1c84", "(?i)[a\\x{1000}-\u1c85]", "(?i)\\Q\u1c86\\E", "(?is)x\u1c87"})
    void refusesPatternsThatWouldNotTerminateCompiling(String regex) {
        assertThatThrownBy(() -> Re2Patterns.compile(regex))
                .isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining("U+1C80");
        assertThatThrownBy(() -> Re2Patterns.compile(regex.replace("(?i)", "").replace("(?is)", ""), Pattern.CASE_INSENSITIVE))
                .isInstanceOf(PatternSyntaxException.class);
    }

    /** Everything else compiles, quickly, as RE2/J would compile it. */
    @ParameterizedTest
    @ValueSource(strings = {"\u1c80", "[\\x{1C00}-\\x{1CFF}]", "(?i)[а-я]", "(?i)\\p{Cyrillic}", "(?i)В", "(?i)\\x{412}",
            "(?i)[^a]", "(?i)\\W", "(?i)[\\x{1000}-\\x{1C7F}]", "(?i)[\\x{1C89}-\\x{1D00}]", "(?i)\\pL", "(?i)[[:^alpha:]]",
            "(?i).", "(?i)error|warn", "(?P<status>\\d{3})", "[-\u1c80]"})
    void compilesEverythingElse(String regex) {
        Pattern p = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Re2Patterns.compile(regex));
        assertThat(p.pattern()).isEqualTo(regex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "[a-", "(?i)\\x{1C80"})
    void invalidPatternsStillGetRe2sOwnError(String regex) {
        assertThatThrownBy(() -> Re2Patterns.compile(regex)).isInstanceOf(PatternSyntaxException.class);
    }
}

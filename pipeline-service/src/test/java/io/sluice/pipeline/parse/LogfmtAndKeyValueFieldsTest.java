package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogfmtAndKeyValueFieldsTest {

    @Test
    void logfmtReadsBareAndQuotedValuesWithEscapes() {
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(new LogfmtFields(false).parse("level=info msg=\"user \\\"ada\\\" logged in\" took=1.5ms path=/a=b debug empty=", out))
                .isTrue();
        assertThat(out).containsExactly(Map.entry("level", "info"), Map.entry("msg", "user \"ada\" logged in"),
                Map.entry("took", "1.5ms"), Map.entry("path", "/a=b"), Map.entry("debug", ""), Map.entry("empty", ""));
    }

    @Test
    void strictLogfmtRejectsFreeTextSoAutoDetectionDoesNotInventFields() {
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(new LogfmtFields(true).parse("user id=5 logged in", out)).isFalse();
        assertThat(new LogfmtFields(true).parse("a=1 b=\"two words\"", out)).isTrue();
        assertThat(out).containsExactly(Map.entry("a", "1"), Map.entry("b", "two words"));
    }

    @Test
    void malformedLogfmtLeavesTheFieldsAsTheyWere() {
        Map<String, String> out = new LinkedHashMap<>();
        LogfmtFields logfmt = new LogfmtFields(false);
        assertThat(logfmt.parse("a=1 msg=\"unterminated", out)).isFalse();
        assertThat(logfmt.parse("=novalue", out)).isFalse();
        assertThat(logfmt.parse("a=\"x\"y", out)).isFalse();
        assertThat(logfmt.parse("a=b\"c", out)).isFalse();
        assertThat(logfmt.parse("   ", out)).isFalse();
        assertThat(out).isEmpty();
    }

    @Test
    void startsWithPairIsTheCheapAutoDetectionGate() {
        assertThat(LogfmtFields.startsWithPair("ts=1 level=info")).isTrue();
        assertThat(LogfmtFields.startsWithPair("GET /a?b=c")).isFalse();
        assertThat(LogfmtFields.startsWithPair("=x")).isFalse();
    }

    @Test
    void keyValuePairsAreFoundInFreeTextWithQuotesAndSeparators() {
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(new KeyValueFields().parse("login failed for user=ada, ip=10.0.0.1; reason='bad password' code=\"E 42\" n=", out))
                .isTrue();
        assertThat(out).containsExactly(Map.entry("user", "ada"), Map.entry("ip", "10.0.0.1"), Map.entry("reason", "bad password"),
                Map.entry("code", "E 42"), Map.entry("n", ""));
    }

    @Test
    void keyValueWithoutPairsOrWithBrokenQuotesNeverThrows() {
        Map<String, String> out = new LinkedHashMap<>();
        KeyValueFields kv = new KeyValueFields();
        assertThat(kv.parse("no pairs here", out)).isFalse();
        assertThat(kv.parse("= = ==", out)).isFalse();
        assertThat(out).isEmpty();
        assertThat(kv.parse("a='unterminated value", out)).isFalse();
        assertThat(out).isEmpty();
        assertThat(kv.parse("ok=1 a=\"unterminated b=2", out)).isTrue();
        assertThat(out).containsExactly(Map.entry("ok", "1"));
    }
}

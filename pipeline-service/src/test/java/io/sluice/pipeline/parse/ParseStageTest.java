package io.sluice.pipeline.parse;

import static io.sluice.pipeline.parse.Events.T0;
import static io.sluice.pipeline.parse.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.pipeline.stage.PipelineEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ParseStageTest {

    static ParseStage stage(List<ParseRule> rules, List<MultilineRule> multiline) {
        return new ParseStage(new ParseProperties(rules, true, Duration.ofDays(7), Duration.ofMinutes(10), Map.of()),
                new MultilineProperties(multiline, 500, DataSize.ofKilobytes(64)));
    }

    static ParseRule rule(String match, ParserType parser, String pattern) {
        return new ParseRule("r", match, parser, pattern, null, null, null, false);
    }

    static long nanos(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static PipelineEvent one(ParseStage stage, PipelineEvent e) {
        List<PipelineEvent> out = stage.apply(new ArrayList<>(List.of(e)));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void withoutRulesJsonAndLogfmtAreDetectedAndPlainTextIsLeftAlone() {
        ParseStage stage = stage(List.of(), List.of());
        assertThat(one(stage, event("api", "h", "INFO", "{\"user\":\"ada\",\"req\":{\"ms\":5}}")).fields())
                .containsExactly(Map.entry("user", "ada"), Map.entry("req_ms", "5"));
        assertThat(one(stage, event("api", "h", "INFO", "method=GET path=\"/a b\" status=200")).fields())
                .containsExactly(Map.entry("method", "GET"), Map.entry("path", "/a b"), Map.entry("status", "200"));
        PipelineEvent text = one(stage, event("api", "h", "INFO", "user id=5 logged in"));
        assertThat(text.fields()).isEmpty();
        assertThat(text.message()).isEqualTo("user id=5 logged in");
        assertThat(text.timestampNanos()).isEqualTo(T0);
    }

    @Test
    void theFirstMatchingRuleChoosesTheParser() {
        ParseStage stage = stage(List.of(
                rule("{service=\"nginx\"}", ParserType.GROK, "%{IPORHOST:client} %{WORD:method} %{NOTSPACE:path} %{INT:status}"),
                rule("{service=~\"pay.*\"}", ParserType.KV, null),
                rule("{service=\"noisy\"}", ParserType.NONE, null)), List.of());
        assertThat(one(stage, event("nginx", "web-1", "INFO", "10.0.0.1 GET /x 503")).fields())
                .containsExactly(Map.entry("client", "10.0.0.1"), Map.entry("method", "GET"), Map.entry("path", "/x"), Map.entry("status", "503"));
        assertThat(one(stage, event("payments", "h", "INFO", "charged card=**** amount=12.5")).fields())
                .containsExactly(Map.entry("card", "****"), Map.entry("amount", "12.5"));
        assertThat(one(stage, event("noisy", "h", "INFO", "{\"a\":1}")).fields()).isEmpty();
    }

    @Test
    void aTimeInTheLineBecomesTheEventTimeOnlyInsideTheIngestWindow() {
        ParseStage stage = stage(List.of(), List.of());
        long inWindow = T0 - Duration.ofHours(1).toNanos();
        String iso = Instant.ofEpochSecond(0, inWindow).toString();
        assertThat(one(stage, event("a", "h", "INFO", "{\"ts\":\"" + iso + "\",\"msg\":\"x\"}")).timestampNanos()).isEqualTo(inWindow);
        assertThat(one(stage, event("a", "h", "INFO", "time=" + inWindow / 1_000_000 + " msg=x")).timestampNanos())
                .isEqualTo(inWindow / 1_000_000 * 1_000_000);
        assertThat(one(stage, event("a", "h", "INFO", iso + " INFO started")).timestampNanos()).isEqualTo(inWindow);
        assertThat(one(stage, event("a", "h", "INFO", "2001-01-01T00:00:00Z too old")).timestampNanos()).isEqualTo(T0);
        String future = Instant.ofEpochSecond(0, T0 + Duration.ofHours(1).toNanos()).toString();
        assertThat(one(stage, event("a", "h", "INFO", future + " from the future")).timestampNanos()).isEqualTo(T0);
        assertThat(one(stage, event("a", "h", "INFO", "{\"ts\":\"garbage\"}")).timestampNanos()).isEqualTo(T0);
    }

    @Test
    void aRuleCanNameTheTimeFieldAndItsFormat() {
        ParseStage stage = stage(List.of(new ParseRule("custom", "{}", ParserType.LOGFMT, null, "when", "dd.MM.yyyy HH:mm:ss", null, false)),
                List.of());
        String when = Instant.ofEpochSecond(0, T0).atZone(java.time.ZoneOffset.UTC).minusMinutes(5)
                .format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss"));
        assertThat(one(stage, event("a", "h", "INFO", "when=\"" + when + "\" ts=1")).timestampNanos())
                .isEqualTo(T0 / 1_000_000_000L * 1_000_000_000L - Duration.ofMinutes(5).toNanos());
        assertThat(one(stage, event("a", "h", "INFO", "when=yesterday")).timestampNanos()).isEqualTo(T0);
    }

    @Test
    void theLevelComesFromAFieldOnlyWhenTheEventHasNoneUnlessTheRuleSaysTheFieldWins() {
        ParseStage auto = stage(List.of(), List.of());
        assertThat(one(auto, event("a", "h", "", "{\"level\":\"warning\"}")).level()).isEqualTo("WARN");
        assertThat(one(auto, event("a", "h", "", "{\"level\":50}")).level()).isEqualTo("ERROR");
        assertThat(one(auto, event("a", "h", "unknown", "lvl=crit")).level()).isEqualTo("FATAL");
        assertThat(one(auto, event("a", "h", "INFO", "{\"level\":\"error\"}")).level()).isEqualTo("INFO");
        assertThat(one(auto, event("a", "h", "", "{\"level\":\"loud\"}")).level()).isEmpty();
        ParseStage wins = stage(List.of(new ParseRule("w", "{}", ParserType.JSON, null, null, null, "sev", true)), List.of());
        assertThat(one(wins, event("a", "h", "INFO", "{\"level\":\"debug\",\"sev\":\"err\"}")).level()).isEqualTo("ERROR");
    }

    @Test
    void syslogBodiesGiveFieldsTheirSeverityAsLevelAndTheirTime() {
        ParseStage stage = stage(List.of(rule("{service=\"syslog\"}", ParserType.SYSLOG, null)), List.of());
        String ts = Instant.ofEpochSecond(0, T0 - 3_000_000_000L).toString();
        PipelineEvent e = one(stage, event("syslog", "h", "", "<11>1 " + ts + " box app 9 - - disk failed"));
        assertThat(e.fields()).containsEntry("hostname", "box").containsEntry("appname", "app").containsEntry("msg", "disk failed");
        assertThat(e.level()).isEqualTo("ERROR");
        assertThat(e.timestampNanos()).isEqualTo(T0 - 3_000_000_000L);
    }

    @Test
    void malformedLinesNeverThrowAndLeaveTheEventAsItWas() {
        ParseStage stage = stage(List.of(
                rule("{service=\"j\"}", ParserType.JSON, null), rule("{service=\"l\"}", ParserType.LOGFMT, null),
                rule("{service=\"s\"}", ParserType.SYSLOG, null), rule("{service=\"g\"}", ParserType.GROK, "%{IP:ip} %{INT:n}"),
                rule("{service=\"r\"}", ParserType.REGEX, "id=(?<id>\\d+)"), rule("{service=\"k\"}", ParserType.KV, null)), List.of());
        for (String service : List.of("j", "l", "s", "g", "r", "k", "auto")) {
            for (String message : List.of("", "{\"a\":", "a=\"b", "<9999>", "\u0000\uffff", "{\"x\":1}}", "=\"", "[", "<1>1 ")) {
                PipelineEvent e = event(service, "h", "WARN", message);
                PipelineEvent out = one(stage, e);
                assertThat(out.fields()).as(service + ": " + message).isEmpty();
                assertThat(out.message()).isEqualTo(message);
                assertThat(out.level()).isEqualTo("WARN");
                assertThat(out.timestampNanos()).isEqualTo(T0);
            }
        }
    }

    @Test
    void multilineJoiningHappensBeforeParsing() {
        ParseStage stage = stage(List.of(rule("{service=\"api\"}", ParserType.GROK, "^%{TIMESTAMP_ISO8601:time} %{LOGLEVEL:level} %{GREEDYDATA:text}")),
                List.of(new MultilineRule("java", "{service=\"api\"}", "^\\d{4}-", null)));
        String ts = Instant.ofEpochSecond(0, T0 - 1_000_000_000L).toString();
        List<PipelineEvent> out = stage.apply(new ArrayList<>(List.of(event("api", "h", "", ts + " ERROR failed"),
                event("api", "h", "", "java.lang.RuntimeException: x"), event("api", "h", "", "\tat A.b(A.java:1)"))));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).message()).isEqualTo(ts + " ERROR failed\njava.lang.RuntimeException: x\n\tat A.b(A.java:1)");
        assertThat(out.get(0).fields()).containsEntry("level", "ERROR").containsEntry("text", "failed");
        assertThat(out.get(0).level()).isEqualTo("ERROR");
        assertThat(out.get(0).timestampNanos()).isEqualTo(T0 - 1_000_000_000L);
    }

    @Test
    void rulesAreReplacedAtRuntimeAllOrNothing() {
        ParseStage stage = stage(List.of(), List.of());
        stage.replaceRules(List.of(rule("{service=\"a\"}", ParserType.KV, null)));
        assertThat(one(stage, event("a", "h", "INFO", "x y=1")).fields()).containsExactly(Map.entry("y", "1"));
        assertThatThrownBy(() -> stage.replaceRules(List.of(rule("{}", ParserType.NONE, null), rule("{}", ParserType.GROK, "%{NOPE:x}"))))
                .hasMessageContaining("parse rule 'r'").hasMessageContaining("unknown grok pattern");
        assertThatThrownBy(() -> stage.replaceRules(List.of(rule("{}", ParserType.REGEX, "")))).hasMessageContaining("needs a pattern");
        assertThat(one(stage, event("a", "h", "INFO", "x y=1")).fields()).as("the old rules stay").containsExactly(Map.entry("y", "1"));
        stage.replaceMultilineRules(List.of(new MultilineRule("m", "{}", "^[^\\s]", null)));
        assertThat(stage.apply(new ArrayList<>(List.of(event("b", "h", "INFO", "a"), event("b", "h", "INFO", " b"))))).hasSize(1);
    }
}

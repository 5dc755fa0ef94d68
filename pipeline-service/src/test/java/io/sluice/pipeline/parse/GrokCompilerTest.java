package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GrokCompilerTest {

    final GrokCompiler grok = new GrokCompiler(Map.of());

    Map<String, String> parse(String expression, String line) {
        Map<String, String> out = new LinkedHashMap<>();
        grok.compile(expression).parse(line, out);
        return out;
    }

    boolean whole(String pattern, String value) {
        return Pattern.compile("^(?:" + grok.expand("%{" + pattern + "}", new java.util.ArrayList<>(), 0) + ")$").matcher(value).matches();
    }

    @Test
    void namedPatternsBecomeFields() {
        assertThat(parse("%{IP:client} %{WORD:method} %{URIPATHPARAM:path} %{NUMBER:status:int} %{GREEDYDATA:rest}",
                "10.1.2.3 GET /api/v1/items?id=7&x=y 404 took 12ms"))
                .containsExactly(Map.entry("client", "10.1.2.3"), Map.entry("method", "GET"), Map.entry("path", "/api/v1/items?id=7&x=y"),
                        Map.entry("status", "404"), Map.entry("rest", "took 12ms"));
    }

    @Test
    void combinedApacheLogExpandsItsNestedFieldNames() {
        Map<String, String> out = parse("%{COMBINEDAPACHELOG}",
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 "
                        + "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"");
        assertThat(out).containsEntry("clientip", "127.0.0.1").containsEntry("ident", "-").containsEntry("auth", "frank")
                .containsEntry("timestamp", "10/Oct/2000:13:55:36 -0700").containsEntry("verb", "GET")
                .containsEntry("request", "/apache_pb.gif").containsEntry("httpversion", "1.0").containsEntry("response", "200")
                .containsEntry("bytes", "2326").containsEntry("referrer", "\"http://www.example.com/start.html\"")
                .containsEntry("agent", "\"Mozilla/4.08 [en] (Win98; I ;Nav)\"").doesNotContainKey("rawrequest");
    }

    @Test
    void theLibraryPatternsAcceptTheirValuesAndRejectLookalikes() {
        assertThat(whole("IPV4", "192.168.0.255")).isTrue();
        assertThat(whole("IPV4", "256.1.1.1")).isFalse();
        assertThat(whole("IPV6", "2001:db8::8a2e:370:7334")).isTrue();
        assertThat(whole("IPV6", "::1")).isTrue();
        assertThat(whole("IPV6", "fe80:0:0:0:0:0:0:1")).isTrue();
        assertThat(whole("IPV6", "::ffff:10.0.0.1")).isTrue();
        assertThat(whole("IP", "12:30:45")).as("a clock time is not an address").isFalse();
        assertThat(whole("NUMBER", "-3.25")).isTrue();
        assertThat(whole("INT", "+42")).isTrue();
        assertThat(whole("UUID", "123e4567-e89b-12d3-a456-426614174000")).isTrue();
        assertThat(whole("TIMESTAMP_ISO8601", "2024-03-01T12:30:45.123+01:00")).isTrue();
        assertThat(whole("TIMESTAMP_ISO8601", "2024-03-01 12:30:45,123")).isTrue();
        assertThat(whole("HTTPDATE", "10/Oct/2000:13:55:36 -0700")).isTrue();
        assertThat(whole("SYSLOGTIMESTAMP", "Jun  9 06:06:20")).isTrue();
        assertThat(whole("LOGLEVEL", "WARNING")).isTrue();
        assertThat(whole("QUOTEDSTRING", "\"a \\\" b\"")).isTrue();
        assertThat(whole("PATH", "/var/log/app.log")).isTrue();
        assertThat(whole("PATH", "C:\\Windows\\system32")).isTrue();
        assertThat(whole("URI", "https://user@example.com:8443/a/b?c=d")).isTrue();
        assertThat(whole("EMAILADDRESS", "ada@example.org")).isTrue();
        assertThat(whole("MAC", "00:1a:2b:3c:4d:5e")).isTrue();
        assertThat(whole("JAVACLASS", "org.example.Foo$Bar")).isTrue();
    }

    @Test
    void aLineThatDoesNotMatchLeavesTheFieldsAlone() {
        Map<String, String> out = new LinkedHashMap<>(Map.of("kept", "x"));
        assertThat(grok.compile("%{IP:client} %{NUMBER:status}").parse("no address here", out)).isFalse();
        assertThat(out).containsExactly(Map.entry("kept", "x"));
    }

    @Test
    void plainGroupsInTheExpressionDoNotShiftTheFieldGroups() {
        assertThat(parse("(GET|POST) (%{WORD:a}|-) %{INT:b}", "POST x 7")).containsExactly(Map.entry("a", "x"), Map.entry("b", "7"));
    }

    @Test
    void customDefinitionsExtendTheLibrary() {
        GrokCompiler custom = new GrokCompiler(Map.of("ORDER", "ORD-%{INT}"));
        Map<String, String> out = new LinkedHashMap<>();
        custom.compile("order %{ORDER:order} by %{USER:user}").parse("order ORD-991 by ada", out);
        assertThat(out).containsExactly(Map.entry("order", "ORD-991"), Map.entry("user", "ada"));
    }

    @Test
    void badExpressionsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> grok.compile("%{NOPE:x}")).hasMessageContaining("unknown grok pattern %{NOPE}");
        assertThatThrownBy(() -> grok.compile("%{WORD}")).hasMessageContaining("names no field");
        assertThatThrownBy(() -> grok.compile("%{WORD:x")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> new GrokCompiler(Map.of("A", "%{B}", "B", "%{A}")).compile("%{A:x}")).hasMessageContaining("cycle");
        assertThatThrownBy(() -> grok.compile("%{WORD:x} (")).hasMessageContaining("bad regex");
    }

    @Test
    void regexRulesUseJavaNamedGroups() {
        RegexFields regex = RegexFields.named("user=(?<user>\\w+)(?: id=(?<id>\\d+))?");
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(regex.parse("login user=ada from x", out)).isTrue();
        assertThat(out).containsExactly(Map.entry("user", "ada"));
        assertThat(RegexFields.groupNames("(?<a>x)[(?<no>]\\(?<no2>(?<=y)(?<b>z)")).isEqualTo(List.of("a", "b"));
        assertThatThrownBy(() -> RegexFields.named("(unclosed")).hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> RegexFields.named("no groups")).hasMessageContaining("no named group");
    }
}

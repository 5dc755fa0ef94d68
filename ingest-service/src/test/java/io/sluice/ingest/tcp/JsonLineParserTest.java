package io.sluice.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonLineParserTest {

    private final JsonLineParser parser = new JsonLineParser(JsonMapper.builder().build(),
            List.of("service", "app", "application", "spring.application.name"), List.of("HOSTNAME", "host"), "unknown");

    private Parsed parse(String line, boolean truncated) {
        return parser.parse(Frame.of(line.getBytes(StandardCharsets.UTF_8), truncated), "192.0.2.7", 99L);
    }

    @Test
    void mapsALogstashEncoderLine() {
        Parsed.Received r = (Parsed.Received) parse("""
                {"@timestamp":"2026-11-24T10:15:30.123+01:00","@version":"1","message":"payment failed","logger_name":"shop.Pay",\
                "thread_name":"main","level":"ERROR","level_value":40000,"HOSTNAME":"web-1","app":"checkout","orderId":"42",\
                "stack_trace":"java.lang.IllegalStateException: x\\n\\tat a.b(C.java:1)","api_key":"k1"}""", false);
        LogEvent e = r.event();
        assertThat(r.apiKey()).isEqualTo("k1");
        assertThat(e.getTimestampUnixNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-11-24T09:15:30.123Z")));
        assertThat(e.getService()).isEqualTo("checkout");
        assertThat(e.getHost()).isEqualTo("web-1");
        assertThat(e.getLevel()).isEqualTo("ERROR");
        assertThat(e.getMessage()).isEqualTo("payment failed");
        assertThat(e.getAttributesJson()).isEqualTo("{\"logger_name\":\"shop.Pay\",\"thread_name\":\"main\",\"orderId\":\"42\","
                + "\"exception.stacktrace\":\"java.lang.IllegalStateException: x\\n\\tat a.b(C.java:1)\"}");
    }

    @Test
    void prefersServiceFieldsInOrderAndReadsDottedPaths() {
        LogEvent first = ((Parsed.Received) parse("{\"message\":\"m\",\"application\":\"b\",\"service\":\"a\"}", false)).event();
        assertThat(first.getService()).isEqualTo("a");
        assertThat(first.getAttributesJson()).isEqualTo("{\"application\":\"b\"}");
        LogEvent nested = ((Parsed.Received) parse("{\"message\":\"m\",\"spring\":{\"application\":{\"name\":\"n\"}}}", false)).event();
        assertThat(nested.getService()).isEqualTo("n");
        LogEvent literal = ((Parsed.Received) parse("{\"message\":\"m\",\"spring.application.name\":\"lit\",\"host\":\"h2\"}", false)).event();
        assertThat(literal.getService()).isEqualTo("lit");
        assertThat(literal.getHost()).isEqualTo("h2");
    }

    @Test
    void fallsBackToDefaultsReceiveTimeAndLevelValue() {
        Parsed.Received r = (Parsed.Received) parse("{\"message\":\"m\",\"level\":\"VERBOSE\",\"level_value\":10000}", false);
        assertThat(r.event().getService()).isEqualTo("unknown");
        assertThat(r.event().getHost()).isEqualTo("192.0.2.7");
        assertThat(r.event().getTimestampUnixNanos()).isEqualTo(99L);
        assertThat(r.event().getLevel()).isEqualTo("DEBUG");
        assertThat(r.event().getAttributesJson()).isEqualTo("{\"level\":\"VERBOSE\"}");
        assertThat(r.apiKey()).isNull();
    }

    @Test
    void replacesUnpairedSurrogatesSoEveryStringIsValidUnicode() {
        Parsed.Received r = (Parsed.Received) parse("{\"message\":\"a\\ud800b \\ud83d\\ude00\",\"x\":\"\\udc00\"}", false);
        assertThat(r.event().getMessage()).isEqualTo("a\uFFFDb \uD83D\uDE00");
        assertThat(r.event().getAttributesJson()).isEqualTo("{\"x\":\"\uFFFD\"}");
    }

    @Test
    void keepsAnUnreadableTimestampAsAnAttribute() {
        Parsed.Received r = (Parsed.Received) parse("{\"@timestamp\":\"yesterday\",\"message\":\"m\"}", false);
        assertThat(r.event().getTimestampUnixNanos()).isEqualTo(99L);
        assertThat(r.event().getAttributesJson()).isEqualTo("{\"@timestamp\":\"yesterday\"}");
    }

    @Test
    void storesATruncatedLineAsTextAndRefusesOtherNonObjects() {
        Parsed.Received cut = (Parsed.Received) parse("{\"message\":\"very lo", true);
        assertThat(cut.event().getMessage()).isEqualTo("{\"message\":\"very lo");
        assertThat(cut.event().getAttributesJson()).isEqualTo("{\"sluice.truncated\":true}");
        assertThat(parse("{\"message\":", false)).isInstanceOf(Parsed.Malformed.class);
        assertThat(parse("[1,2]", false)).isInstanceOf(Parsed.Malformed.class);
        assertThat(parse("42", false)).isInstanceOf(Parsed.Malformed.class);
        assertThat(parse("{} {}", false)).isInstanceOf(Parsed.Malformed.class);
    }
}

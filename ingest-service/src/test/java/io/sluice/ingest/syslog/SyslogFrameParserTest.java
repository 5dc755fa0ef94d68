package io.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.tcp.Frame;
import io.sluice.ingest.tcp.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SyslogFrameParserTest {

    private final SyslogFrameParser parser = new SyslogFrameParser(new SyslogParser(ZoneOffset.UTC, Clock.systemUTC()),
            "syslog", JsonMapper.builder().build());

    private Parsed parse(String text, boolean truncated) {
        return parser.parse(Frame.of(text.getBytes(StandardCharsets.UTF_8), truncated), "192.0.2.9", 42L);
    }

    @Test
    void mapsSeverityToLevels() {
        String[] expected = {"FATAL", "FATAL", "FATAL", "ERROR", "WARN", "INFO", "INFO", "DEBUG"};
        for (int severity = 0; severity < 8; severity++) {
            Parsed.Received r = (Parsed.Received) parse("<" + (8 + severity) + ">1 - h a - - - m", false);
            assertThat(r.event().getLevel()).as("severity %d", severity).isEqualTo(expected[severity]);
        }
    }

    @Test
    void mapsFieldsAndTakesTheKeyOutOfTheStructuredData() {
        Parsed.Received r = (Parsed.Received) parse("<134>1 2026-11-24T10:00:00.5Z web-1 checkout 4242 ORDER "
                + "[sluice@53595 key=\"secret\" env=\"prod\"][origin ip=\"10.0.0.1\" ip=\"10.0.0.2\"] paid", false);
        LogEvent e = r.event();
        assertThat(r.apiKey()).isEqualTo("secret");
        assertThat(e.getService()).isEqualTo("checkout");
        assertThat(e.getHost()).isEqualTo("web-1");
        assertThat(e.getLevel()).isEqualTo("INFO");
        assertThat(e.getMessage()).isEqualTo("paid");
        assertThat(e.getTimestampUnixNanos()).isEqualTo(io.sluice.common.event.Timestamps.toNanos(java.time.Instant.parse("2026-11-24T10:00:00.5Z")));
        assertThat(e.getAttributesJson()).isEqualTo("{\"facility\":\"local0\",\"severity\":\"info\",\"procid\":\"4242\",\"msgid\":\"ORDER\","
                + "\"sd\":{\"sluice@53595\":{\"env\":\"prod\"},\"origin\":{\"ip\":[\"10.0.0.1\",\"10.0.0.2\"]}}}");
    }

    @Test
    void usesDefaultsForMissingFieldsAndMarksTruncation() {
        Parsed.Received r = (Parsed.Received) parse("<13>1 - - - - - [sluice@53595 key=\"k\"] cut", true);
        assertThat(r.event().getService()).isEqualTo("syslog");
        assertThat(r.event().getHost()).isEqualTo("192.0.2.9");
        assertThat(r.event().getTimestampUnixNanos()).isEqualTo(42L);
        assertThat(r.event().getAttributesJson()).isEqualTo("{\"facility\":\"user\",\"severity\":\"notice\",\"sluice.truncated\":true}");
        assertThat(r.apiKey()).isEqualTo("k");
    }

    @Test
    void reportsMalformedFrames() {
        assertThat(parse("hello", false)).isInstanceOf(Parsed.Malformed.class);
        assertThat(((Parsed.Malformed) parse("<13>1 x", true)).reason()).contains("truncated");
    }

    @Test
    void decodesInvalidUtf8WithReplacementCharacters() {
        byte[] bytes = {'<', '1', '3', '>', 'a', 'p', 'p', ':', ' ', (byte) 0xff, 'x'};
        Parsed.Received r = (Parsed.Received) parser.parse(Frame.of(bytes, false), "h", 1L);
        assertThat(r.event().getMessage()).isEqualTo("\uFFFDx");
    }
}

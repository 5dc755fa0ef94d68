package io.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.common.event.Timestamps;
import io.sluice.ingest.syslog.SyslogMessage.SdElement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyslogParserTest {

    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
    private final SyslogParser parser = new SyslogParser(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void parsesTheRfc5424ExampleWithStructuredDataAndBom() throws Exception {
        SyslogMessage m = parser.parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]"
                + " \uFEFFAn application event log entry...");
        assertThat(m.rfc5424()).isTrue();
        assertThat(m.facility()).isEqualTo(20);
        assertThat(m.severity()).isEqualTo(5);
        assertThat(m.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2003-10-11T22:14:15.003Z")));
        assertThat(m.hostname()).isEqualTo("mymachine.example.com");
        assertThat(m.appName()).isEqualTo("evntslog");
        assertThat(m.procId()).isNull();
        assertThat(m.msgId()).isEqualTo("ID47");
        assertThat(m.structuredData()).containsExactly(
                new SdElement("exampleSDID@32473", List.of(Map.entry("iut", "3"), Map.entry("eventSource", "Application"),
                        Map.entry("eventID", "1011"))),
                new SdElement("examplePriority@32473", List.of(Map.entry("class", "high"))));
        assertThat(m.message()).isEqualTo("An application event log entry...");
    }

    @Test
    void readsMicrosecondFractionsAndOffsets() throws Exception {
        SyslogMessage m = parser.parse("<34>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
        assertThat(m.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2003-08-24T12:14:15.000003Z")));
        assertThat(m.facility()).isEqualTo(4);
        assertThat(m.severity()).isEqualTo(2);
        assertThat(m.procId()).isEqualTo("8710");
        assertThat(m.msgId()).isNull();
        assertThat(m.structuredData()).isEmpty();
        assertThat(m.message()).isEqualTo("%% It's time to make the do-nuts.");
    }

    @Test
    void acceptsNilValuesEverywhereAndNoMessage() throws Exception {
        SyslogMessage m = parser.parse("<0>1 - - - - - -");
        assertThat(m.timestampNanos()).isNull();
        assertThat(m.hostname()).isNull();
        assertThat(m.appName()).isNull();
        assertThat(m.message()).isEmpty();
    }

    @Test
    void unescapesParamValuesAndKeepsOtherBackslashes() throws Exception {
        SyslogMessage m = parser.parse("<13>1 2026-11-24T10:00:00Z h a - - [x@1 v=\"a\\\"b\\\\c\\]d\\ne\"] msg");
        assertThat(m.structuredData().get(0).params()).containsExactly(Map.entry("v", "a\"b\\c]d\\ne"));
        assertThat(m.message()).isEqualTo("msg");
    }

    @Test
    void refusesBrokenRfc5424WithAReason() {
        assertThatThrownBy(() -> parser.parse("<13>1 2026-13-24T10:00:00Z h a - - - m")).hasMessageContaining("TIMESTAMP");
        assertThatThrownBy(() -> parser.parse("<13>1 2026-11-24T10:00:00 h a - - - m")).hasMessageContaining("offset");
        assertThatThrownBy(() -> parser.parse("<13>1 - h a - - [x@1 v=\"open] m")).hasMessageContaining("PARAM-VALUE");
        assertThatThrownBy(() -> parser.parse("<13>1 - h a - - [x@1 v=\"a\"")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> parser.parse("<13>1 - h a - - nosd")).hasMessageContaining("STRUCTURED-DATA");
        assertThatThrownBy(() -> parser.parse("<13>1 - h " + "a".repeat(49) + " - - -")).hasMessageContaining("APP-NAME");
        assertThatThrownBy(() -> parser.parse("<192>1 - - - - - -")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> parser.parse("no pri")).hasMessageContaining("PRI");
        assertThatThrownBy(() -> parser.parse("<13")).hasMessageContaining("PRI");
        assertThatThrownBy(() -> parser.parse("<13>1 -")).hasMessageContaining("space");
    }

    @Test
    void parsesRfc3164WithHostnameTagAndPid() throws Exception {
        SyslogMessage m = parser.parse("<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8");
        assertThat(m.rfc5424()).isFalse();
        assertThat(m.facility()).isEqualTo(4);
        assertThat(m.severity()).isEqualTo(2);
        assertThat(m.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-10-11T22:14:15Z")));
        assertThat(m.hostname()).isEqualTo("mymachine");
        assertThat(m.appName()).isEqualTo("su");
        assertThat(m.procId()).isEqualTo("123");
        assertThat(m.message()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
    }

    @Test
    void parsesRfc3164WithoutHostnameAndWithPaddedDay() throws Exception {
        SyslogMessage m = parser.parse("<13>Nov  5 09:01:02 CRON[77]: (root) CMD (run-parts)");
        assertThat(m.hostname()).isNull();
        assertThat(m.appName()).isEqualTo("CRON");
        assertThat(m.procId()).isEqualTo("77");
        assertThat(m.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-11-05T09:01:02Z")));
        assertThat(m.message()).isEqualTo("(root) CMD (run-parts)");
    }

    @Test
    void putsAYearlessTimeInThePreviousYearWhenItWouldBeInTheFuture() throws Exception {
        SyslogMessage lastYear = parser.parse("<13>Dec 31 23:59:59 host app: late");
        assertThat(lastYear.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2025-12-31T23:59:59Z")));
        SyslogMessage tomorrow = parser.parse("<13>Nov 25 20:00:00 host app: a little ahead (clock skew)");
        assertThat(tomorrow.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-11-25T20:00:00Z")));
    }

    @Test
    void readsRfc3164TimesInTheConfiguredZoneAndWithFractionsOrYears() throws Exception {
        SyslogParser berlin = new SyslogParser(ZoneId.of("Europe/Berlin"), Clock.fixed(NOW, ZoneOffset.UTC));
        SyslogMessage m = berlin.parse("<13>Jul  1 12:00:00.250 host app: summer");
        assertThat(m.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-07-01T10:00:00.250Z")));
        SyslogMessage withYear = parser.parse("<13>Mar 02 2024 01:02:03 host app: with year");
        assertThat(withYear.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2024-03-02T01:02:03Z")));
        SyslogMessage iso = parser.parse("<13>2026-11-24T10:15:30.5+01:00 host app[9]: iso");
        assertThat(iso.timestampNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-11-24T09:15:30.5Z")));
        assertThat(iso.hostname()).isEqualTo("host");
        assertThat(iso.procId()).isEqualTo("9");
    }

    @Test
    void keepsRfc3164MessagesWithoutTimeOrTag() throws Exception {
        SyslogMessage tagOnly = parser.parse("<14>myapp: hello world");
        assertThat(tagOnly.timestampNanos()).isNull();
        assertThat(tagOnly.hostname()).isNull();
        assertThat(tagOnly.appName()).isEqualTo("myapp");
        assertThat(tagOnly.message()).isEqualTo("hello world");

        SyslogMessage bare = parser.parse("<14>just some text");
        assertThat(bare.hostname()).isNull();
        assertThat(bare.appName()).isNull();
        assertThat(bare.message()).isEqualTo("just some text");

        SyslogMessage noTag = parser.parse("<14>Nov 24 10:00:00 host just text");
        assertThat(noTag.hostname()).isEqualTo("host");
        assertThat(noTag.appName()).isNull();
        assertThat(noTag.message()).isEqualTo("just text");
    }
}

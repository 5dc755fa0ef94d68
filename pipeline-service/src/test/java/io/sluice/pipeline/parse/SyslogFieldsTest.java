package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyslogFieldsTest {

    final SyslogFields parser = new SyslogFields();

    @Test
    void rfc5424GivesHeaderFieldsStructuredDataAndMessage() {
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(parser.parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][meta seq=\"a \\\"q\\\" \\] b\"] "
                + "An application event log entry", out)).isTrue();
        assertThat(out).containsExactly(Map.entry("priority", "165"), Map.entry("facility", "20"), Map.entry("severity", "5"),
                Map.entry("timestamp", "2003-10-11T22:14:15.003Z"), Map.entry("hostname", "mymachine.example.com"),
                Map.entry("appname", "evntslog"), Map.entry("msgid", "ID47"), Map.entry("exampleSDID_32473_iut", "3"),
                Map.entry("exampleSDID_32473_eventSource", "Application"), Map.entry("exampleSDID_32473_eventID", "1011"),
                Map.entry("meta_seq", "a \"q\" ] b"), Map.entry("msg", "An application event log entry"));
    }

    @Test
    void rfc5424WithNilStructuredDataAndNoMessage() {
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(parser.parse("<34>1 - host app 123 - -", out)).isTrue();
        assertThat(out).containsExactly(Map.entry("priority", "34"), Map.entry("facility", "4"), Map.entry("severity", "2"),
                Map.entry("hostname", "host"), Map.entry("appname", "app"), Map.entry("procid", "123"));
    }

    @Test
    void rfc3164WithAndWithoutPriority() {
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(parser.parse("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8", out)).isTrue();
        assertThat(out).containsExactly(Map.entry("priority", "34"), Map.entry("facility", "4"), Map.entry("severity", "2"),
                Map.entry("timestamp", "Oct 11 22:14:15"), Map.entry("hostname", "mymachine"), Map.entry("appname", "su"),
                Map.entry("procid", "230"), Map.entry("msg", "'su root' failed for lonvick on /dev/pts/8"));
        out.clear();
        assertThat(parser.parse("Jun  9 06:06:20 combo syslogd 1.4.1: restart.", out)).isTrue();
        assertThat(out).containsEntry("timestamp", "Jun  9 06:06:20").containsEntry("hostname", "combo")
                .containsEntry("msg", "syslogd 1.4.1: restart.").doesNotContainKey("appname");
    }

    @Test
    void linesThatAreNotSyslogLeaveTheFieldsAlone() {
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(parser.parse("GET /index.html 200", out)).isFalse();
        assertThat(parser.parse("<999>1 x", out)).isFalse();
        assertThat(parser.parse("<13>1 2003-10-11T22:14:15Z host app - - [broken sd", out)).isFalse();
        assertThat(parser.parse("<13>1 2003-10-11T22:14:15Z host app - - [id k=unquoted]", out)).isFalse();
        assertThat(parser.parse("<ab>Oct 11 22:14:15 h t: m", out)).isFalse();
        assertThat(parser.parse("<13>", out)).isFalse();
        assertThat(parser.parse("", out)).isFalse();
        assertThat(out).isEmpty();
    }
}

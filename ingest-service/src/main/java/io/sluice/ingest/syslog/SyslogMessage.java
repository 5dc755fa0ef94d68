package io.sluice.ingest.syslog;

import java.util.List;
import java.util.Map;

/**
 * One parsed syslog message, RFC 5424 or RFC 3164. Absent fields (NILVALUE {@code -}, or parts an
 * RFC 3164 sender left out) are null.
 *
 * @param facility facility code 0–23
 * @param severity severity code 0–7
 * @param rfc5424 whether the message was RFC 5424 (else RFC 3164)
 * @param timestampNanos event time, epoch nanoseconds; null when the message carries none
 * @param hostname HOSTNAME
 * @param appName APP-NAME (RFC 3164: the tag)
 * @param procId PROCID (RFC 3164: the pid in {@code tag[pid]:})
 * @param msgId MSGID
 * @param structuredData SD elements in order, each an SD-ID with its params (names may repeat)
 * @param message MSG without a leading BOM; empty when absent
 */
public record SyslogMessage(int facility, int severity, boolean rfc5424, Long timestampNanos, String hostname,
        String appName, String procId, String msgId, List<SdElement> structuredData, String message) {

    /** Copies the element list. */
    public SyslogMessage {
        structuredData = List.copyOf(structuredData);
    }

    /**
     * One SD-ELEMENT.
     *
     * @param id the SD-ID, e.g. {@code exampleSDID@32473}
     * @param params the params in order, values unescaped
     */
    public record SdElement(String id, List<Map.Entry<String, String>> params) {

        /** Copies the param list. */
        public SdElement {
            params = List.copyOf(params);
        }
    }
}

package io.sluice.ingest.syslog;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.syslog.SyslogMessage.SdElement;
import io.sluice.ingest.tcp.Frame;
import io.sluice.ingest.tcp.FrameParser;
import io.sluice.ingest.tcp.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a syslog frame to a Sluice event: severity → level (0–2 emerg/alert/crit → FATAL, 3 err →
 * ERROR, 4 warning → WARN, 5–6 notice/info → INFO, 7 debug → DEBUG), APP-NAME (RFC 3164: tag) →
 * service (the configured default when absent), HOSTNAME → host (the sender's address when absent),
 * TIMESTAMP → time (the receive time when absent), MSG → message; facility, severity, PROCID, MSGID
 * and structured data ({@code sd: {SD-ID: {param: value}}}, a repeated param becomes an array) →
 * attributes. The API key in {@code [sluice@53595 key="..."]} is taken out of the attributes and
 * returned beside the event. The frame is decoded as UTF-8 (invalid bytes become U+FFFD).
 */
public final class SyslogFrameParser implements FrameParser {

    /** SD-ID whose {@code key} param carries the API key (53595: an example private enterprise number). */
    public static final String SLUICE_SD_ID = "sluice@53595";
    /** Attribute set on events whose frame was cut at the maximum length. */
    public static final String TRUNCATED = "sluice.truncated";

    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
        "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
        "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};
    private static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    private static final String[] LEVELS = {"FATAL", "FATAL", "FATAL", "ERROR", "WARN", "INFO", "INFO", "DEBUG"};

    private final SyslogParser parser;
    private final String defaultService;
    private final JsonMapper json;

    /** Parses with {@code parser}; events without an APP-NAME get {@code defaultService}. */
    public SyslogFrameParser(SyslogParser parser, String defaultService, JsonMapper json) {
        this.parser = parser;
        this.defaultService = defaultService;
        this.json = json;
    }

    /** The stored level of syslog severity {@code severity} (0–7). */
    public static String level(int severity) {
        return LEVELS[severity];
    }

    @Override
    public Parsed parse(Frame frame, String peerHost, long receivedNanos) {
        SyslogMessage message;
        try {
            message = parser.parse(new String(frame.bytes(), StandardCharsets.UTF_8));
        } catch (SyslogParseException e) {
            return new Parsed.Malformed(e.getMessage() + (frame.truncated() ? " (the frame was truncated)" : ""));
        }
        ObjectNode attributes = json.createObjectNode();
        attributes.put("facility", FACILITIES[message.facility()]);
        attributes.put("severity", SEVERITIES[message.severity()]);
        if (message.procId() != null) {
            attributes.put("procid", message.procId());
        }
        if (message.msgId() != null) {
            attributes.put("msgid", message.msgId());
        }
        String apiKey = structuredData(message, attributes);
        if (frame.truncated()) {
            attributes.put(TRUNCATED, true);
        }
        LogEvent event = LogEvent.newBuilder()
                .setTimestampUnixNanos(message.timestampNanos() != null ? message.timestampNanos() : receivedNanos)
                .setService(message.appName() != null ? message.appName() : defaultService)
                .setHost(message.hostname() != null ? message.hostname() : peerHost)
                .setLevel(level(message.severity()))
                .setMessage(message.message())
                .setAttributesJson(json.writeValueAsString(attributes))
                .build();
        return new Parsed.Received(event, apiKey);
    }

    /** Adds the SD elements (less the API key) to {@code attributes}; returns the key or null. */
    private String structuredData(SyslogMessage message, ObjectNode attributes) {
        String apiKey = null;
        ObjectNode sd = json.createObjectNode();
        for (SdElement element : message.structuredData()) {
            ObjectNode params = sd.has(element.id()) && sd.get(element.id()).isObject()
                    ? (ObjectNode) sd.get(element.id()) : json.createObjectNode();
            for (Map.Entry<String, String> param : element.params()) {
                if (element.id().equals(SLUICE_SD_ID) && param.getKey().equals("key")) {
                    apiKey = param.getValue();
                    continue;
                }
                JsonNode existing = params.get(param.getKey());
                if (existing == null) {
                    params.put(param.getKey(), param.getValue());
                } else if (existing.isArray()) {
                    ((ArrayNode) existing).add(param.getValue());
                } else {
                    params.putArray(param.getKey()).add(existing).add(param.getValue());
                }
            }
            if (!params.isEmpty() || !element.id().equals(SLUICE_SD_ID)) {
                sd.set(element.id(), params);
            }
        }
        if (!sd.isEmpty()) {
            attributes.set("sd", sd);
        }
        return apiKey;
    }
}

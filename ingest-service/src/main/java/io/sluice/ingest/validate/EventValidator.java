package io.sluice.ingest.validate;

import io.sluice.common.event.Levels;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one set of rules every input (HTTP and gRPC) applies to an event before it is stored:
 * timestamp set, service present, level known, message within its size limit, attributes a JSON
 * object. Accepted events come back normalised; rejected ones with a reason naming their index.
 * Stateless and thread-safe.
 */
public final class EventValidator {

    /** Host stored when a client sends none. */
    public static final String UNKNOWN_HOST = "unknown";

    static final int MAX_SERVICE_LENGTH = 128;
    static final int MAX_HOST_LENGTH = 255;
    private static final int QUOTE_LIMIT = 64;

    private final long maxMessageBytes;
    private final JsonMapper json;

    /** Rules with messages of at most {@code maxMessageBytes} UTF-8 bytes. */
    public EventValidator(long maxMessageBytes, JsonMapper json) {
        this.maxMessageBytes = maxMessageBytes;
        this.json = json;
    }

    /** Validates the event at {@code index} of its batch and normalises it when it is valid. */
    public EventCheck check(int index, LogEvent event) {
        Optional<String> problem = problem(event);
        if (problem.isPresent()) {
            return new EventCheck.Invalid(Rejection.of(index, problem.get()));
        }
        String host = event.getHost().strip();
        String level = event.getLevel().isBlank() ? "INFO" : Levels.normalize(event.getLevel()).orElseThrow();
        return new EventCheck.Valid(event.toBuilder()
                .setService(event.getService().strip())
                .setHost(host.isEmpty() ? UNKNOWN_HOST : host)
                .setLevel(level)
                .clearId()
                .clearTenant()
                .clearFieldsJson()
                .build());
    }

    private Optional<String> problem(LogEvent event) {
        if (event.getTimestampUnixNanos() == 0) {
            return Optional.of("timestamp is required");
        }
        if (event.getTimestampUnixNanos() < 0) {
            return Optional.of("timestamp must be after 1970-01-01T00:00:00Z");
        }
        String service = event.getService().strip();
        if (service.isEmpty()) {
            return Optional.of("service is required and must not be blank");
        }
        if (service.codePointCount(0, service.length()) > MAX_SERVICE_LENGTH) {
            return Optional.of("service is longer than " + MAX_SERVICE_LENGTH + " characters");
        }
        String host = event.getHost().strip();
        if (host.codePointCount(0, host.length()) > MAX_HOST_LENGTH) {
            return Optional.of("host is longer than " + MAX_HOST_LENGTH + " characters");
        }
        if (!event.getLevel().isBlank() && Levels.normalize(event.getLevel()).isEmpty()) {
            return Optional.of("level '" + quote(event.getLevel()) + "' is not a known level; use one of "
                    + String.join(", ", Levels.ALL) + " (common aliases such as WARNING or ERR are accepted too)");
        }
        String message = event.getMessage();
        long messageBytes = (long) message.length() * 3 <= maxMessageBytes ? message.length() : utf8Length(message);
        if (messageBytes > maxMessageBytes) {
            return Optional.of("message is " + messageBytes + " bytes long; at most " + maxMessageBytes + " bytes are accepted");
        }
        return attributesProblem(event.getAttributesJson());
    }

    private Optional<String> attributesProblem(String attributes) {
        if (attributes.isEmpty()) {
            return Optional.empty();
        }
        try (JsonParser parser = json.createParser(attributes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.of("attributes must be a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return Optional.of("attributes must be a single JSON object, but more follows it");
            }
            return Optional.empty();
        } catch (JacksonException e) {
            return Optional.of("attributes are not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** UTF-8 length of {@code s} without encoding it. */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String quote(String value) {
        return value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "…" : value;
    }
}

package io.sluice.ingest.validate;

import io.sluice.common.event.Levels;
import io.sluice.common.event.Utf8Length;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one set of rules every input applies to an event before it is stored: service present,
 * level known, timestamp within the ingest window (a missing one becomes the receive time; out of
 * order within the window is fine), attributes a JSON object within the attribute limits. A
 * message or attribute value over its length limit is truncated, not rejected: the event is kept
 * with {@code sluice.truncated=true} (and, for the message, {@code sluice.originalLength} in
 * UTF-8 bytes). Accepted events come back normalised; rejected ones with a reason naming their
 * index. Stateless and thread-safe.
 */
public final class EventValidator {

    /** Host stored when a client sends none. */
    public static final String UNKNOWN_HOST = "unknown";

    /** Attribute set on an event whose message or an attribute value was truncated. */
    public static final String TRUNCATED = "sluice.truncated";

    /** Attribute holding the UTF-8 length of a truncated message. */
    public static final String ORIGINAL_LENGTH = "sluice.originalLength";

    static final int MAX_SERVICE_LENGTH = 128;
    static final int MAX_HOST_LENGTH = 255;
    private static final int QUOTE_LIMIT = 64;

    private final EventLimits limits;
    private final Truncation truncation;
    private final JsonMapper json;
    private final Clock clock;

    /** Default limits with messages of at most {@code maxMessageBytes} UTF-8 bytes, on the system clock. */
    public EventValidator(long maxMessageBytes, JsonMapper json) {
        this(EventLimits.defaults().withMaxMessageBytes(maxMessageBytes), json, Clock.systemUTC());
    }

    /** Rules with {@code limits}; receive time and the ingest window come from {@code clock}. */
    public EventValidator(EventLimits limits, JsonMapper json, Clock clock) {
        this.limits = limits;
        this.truncation = new Truncation(json, limits.maxAttributeValueLength());
        this.json = json;
        this.clock = clock;
    }

    /** Validates the event at {@code index} of its batch and normalises it when it is valid. */
    public EventCheck check(int index, LogEvent event) {
        return batch().check(index, event);
    }

    /**
     * A checker for the events of one request: the receive time is taken once, and an attributes
     * text seen before in the same request is not scanned again (agents repeat the same logger and
     * thread attributes on most events of a batch).
     */
    public Batch batch() {
        return new Batch(clock.instant());
    }

    /**
     * Checks the events of one request (see {@link #batch()}). An event that needs no
     * normalisation comes back as the same instance, so a writer can store the bytes it arrived
     * in. Not thread-safe: one per request.
     */
    public final class Batch {

        /** Distinct attribute texts remembered per request; later ones are scanned every time. */
        static final int MAX_REMEMBERED_ATTRIBUTES = 64;

        private final long nowNanos;
        private final Map<String, AttributeScan> scans = new HashMap<>();

        private Batch(Instant now) {
            this.nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        /** Validates the event at {@code index} of the request and normalises it when it is valid. */
        public EventCheck check(int index, LogEvent event) {
            Optional<String> problem = problem(event, nowNanos);
            if (problem.isPresent()) {
                return new EventCheck.Invalid(Rejection.of(index, problem.get()));
            }
            AttributeScan attributes = scan(event.getAttributesJson());
            if (attributes.problem() != null) {
                return new EventCheck.Invalid(Rejection.of(index, attributes.problem()));
            }
            String service = event.getService().strip();
            String host = event.getHost().strip();
            String level = event.getLevel().isBlank() ? "INFO" : level(event.getLevel());
            long messageBytes = messageBytes(event.getMessage());
            boolean messageTooLong = messageBytes > limits.maxMessageBytes();
            if (service.length() == event.getService().length() && !host.isEmpty() && host.length() == event.getHost().length()
                    && level.equals(event.getLevel()) && event.getTimestampUnixNanos() != 0 && !messageTooLong
                    && !attributes.valueTooLong() && event.getId().isEmpty() && event.getTenant().isEmpty()
                    && event.getFieldsJson().isEmpty()) {
                return new EventCheck.Valid(event);
            }
            LogEvent.Builder normalised = event.toBuilder()
                    .setService(service)
                    .setHost(host.isEmpty() ? UNKNOWN_HOST : host)
                    .setLevel(level)
                    .clearId()
                    .clearTenant()
                    .clearFieldsJson();
            if (event.getTimestampUnixNanos() == 0) {
                normalised.setTimestampUnixNanos(nowNanos);
            }
            if (messageTooLong) {
                normalised.setMessage(Truncation.utf8Prefix(event.getMessage(), limits.maxMessageBytes()));
            }
            if (messageTooLong || attributes.valueTooLong()) {
                normalised.setAttributesJson(truncation.markTruncated(event.getAttributesJson(), messageTooLong ? messageBytes : -1));
            }
            return new EventCheck.Valid(normalised.build());
        }

        private AttributeScan scan(String attributes) {
            if (attributes.isEmpty()) {
                return AttributeScan.OK;
            }
            AttributeScan known = scans.get(attributes);
            if (known != null) {
                return known;
            }
            AttributeScan scan = scanAttributes(attributes);
            if (scans.size() < MAX_REMEMBERED_ATTRIBUTES) {
                scans.put(attributes, scan);
            }
            return scan;
        }
    }

    /** The stored spelling of a non-blank {@code level} (the canonical names without a map lookup); validated before. */
    private static String level(String level) {
        return isCanonicalLevel(level) ? level : Levels.normalize(level).orElseThrow();
    }

    private Optional<String> problem(LogEvent event, long nowNanos) {
        long timestamp = event.getTimestampUnixNanos();
        if (timestamp < 0) {
            return Optional.of("timestamp must be after 1970-01-01T00:00:00Z");
        }
        if (timestamp != 0 && timestamp < nowNanos - limits.maxAge().toNanos()) {
            return Optional.of("timestamp " + instant(timestamp) + " is older than the " + human(limits.maxAge())
                    + " ingest window (events may be at most " + human(limits.maxAge()) + " old)");
        }
        if (timestamp > nowNanos + limits.maxFuture().toNanos()) {
            return Optional.of("timestamp " + instant(timestamp) + " is more than " + human(limits.maxFuture())
                    + " in the future (receive time " + instant(nowNanos) + ")");
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
        if (!event.getLevel().isBlank() && !isCanonicalLevel(event.getLevel()) && Levels.normalize(event.getLevel()).isEmpty()) {
            return Optional.of("level '" + quote(event.getLevel()) + "' is not a known level; use one of "
                    + String.join(", ", Levels.ALL) + " (common aliases such as WARNING or ERR are accepted too)");
        }
        return Optional.empty();
    }

    private static boolean isCanonicalLevel(String level) {
        return switch (level) {
            case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL" -> true;
            default -> false;
        };
    }

    private long messageBytes(String message) {
        return (long) message.length() * 3 <= limits.maxMessageBytes() ? message.length() : Utf8Length.of(message);
    }

    /** One streaming pass over the attributes: shape, count, name lengths, overlong values. */
    private AttributeScan scanAttributes(String attributes) {
        if (attributes.isEmpty()) {
            return AttributeScan.OK;
        }
        try (JsonParser parser = json.createParser(attributes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return AttributeScan.problem("attributes must be a JSON object");
            }
            int count = 0;
            boolean valueTooLong = false;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
                String name = parser.currentName();
                if (++count > limits.maxAttributes()) {
                    return AttributeScan.problem("has more than " + limits.maxAttributes() + " attributes; at most "
                            + limits.maxAttributes() + " are accepted per event");
                }
                if (name.codePointCount(0, name.length()) > limits.maxAttributeNameLength()) {
                    return AttributeScan.problem("attribute name '" + quote(name) + "' is longer than "
                            + limits.maxAttributeNameLength() + " characters");
                }
                parser.nextToken();
                valueTooLong |= valueTooLong(parser);
            }
            if (parser.nextToken() != null) {
                return AttributeScan.problem("attributes must be a single JSON object, but more follows it");
            }
            return valueTooLong ? AttributeScan.TRUNCATE : AttributeScan.OK;
        } catch (JacksonException e) {
            return AttributeScan.problem("attributes are not valid JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) {
            return AttributeScan.problem("attributes hold a number out of range: " + e.getMessage());
        }
    }

    /**
     * Whether the value at the parser (and anything nested in it) has a string over the limit;
     * consumes it. Decimal numbers are parsed, so one that cannot be kept digit for digit (e.g.
     * 1e999999999) fails here with a NumberFormatException rather than later stages.
     */
    private boolean valueTooLong(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getStringLength() > limits.maxAttributeValueLength();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            parser.getDecimalValue();
            return false;
        }
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return false;
        }
        boolean tooLong = false;
        int depth = 1;
        while (depth > 0) {
            JsonToken next = parser.nextToken();
            if (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY) {
                depth++;
            } else if (next == JsonToken.END_OBJECT || next == JsonToken.END_ARRAY) {
                depth--;
            } else if (next == JsonToken.VALUE_STRING) {
                tooLong |= parser.getStringLength() > limits.maxAttributeValueLength();
            } else if (next == JsonToken.VALUE_NUMBER_FLOAT) {
                parser.getDecimalValue();
            }
        }
        return tooLong;
    }

    private static String instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }

    /** {@code 7d}, {@code 10m}, {@code 90s}: the largest unit that divides {@code d} exactly. */
    static String human(Duration d) {
        if (d.toMillis() % 86_400_000L == 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000L == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000L == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000L == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    private static String quote(String value) {
        return value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "…" : value;
    }

    /** Outcome of scanning an event's attributes: a problem, or whether a value needs truncating. */
    private record AttributeScan(String problem, boolean valueTooLong) {

        static final AttributeScan OK = new AttributeScan(null, false);
        static final AttributeScan TRUNCATE = new AttributeScan(null, true);

        static AttributeScan problem(String problem) {
            return new AttributeScan(problem, false);
        }
    }
}

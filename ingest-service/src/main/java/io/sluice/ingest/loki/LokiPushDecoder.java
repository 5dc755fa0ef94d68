package io.sluice.ingest.loki;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.http.RequestProblem;
import io.sluice.ingest.http.Utf8Body;
import io.sluice.ingest.loki.proto.EntryAdapter;
import io.sluice.ingest.loki.proto.LabelPairAdapter;
import io.sluice.ingest.loki.proto.PushRequest;
import io.sluice.ingest.loki.proto.StreamAdapter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.xerial.snappy.Snappy;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes a Loki push body into events, in stream and entry order: either a snappy-compressed
 * (block format) protobuf {@code logproto.PushRequest}, or the JSON form
 * {@code {"streams":[{"stream":{labels},"values":[["<unix ns>","line"(,{metadata})]]}]}} (also the
 * older {@code {"labels":"{...}","entries":[{"ts":"RFC 3339","line":"..."}]}} form). The
 * uncompressed size is checked against the request limit before snappy allocates it. A body that
 * does not decode is a 400 {@link RequestProblem} with a Loki-like message. Blocking CPU work: run
 * off the event loop.
 */
final class LokiPushDecoder {

    private final JsonMapper json;
    private final long maxBytes;
    private final int maxEvents;

    LokiPushDecoder(JsonMapper json, long maxBytes, int maxEvents) {
        this.json = json;
        this.maxBytes = maxBytes;
        this.maxEvents = maxEvents;
    }

    /** The uncompressed protobuf bytes of a snappy block {@code body}. */
    byte[] unsnappy(byte[] body) {
        try {
            int length = Snappy.uncompressedLength(body);
            if (length < 0 || length > maxBytes) {
                throw new RequestProblem(HttpStatus.CONTENT_TOO_LARGE, "the uncompressed push request (" + Integer.toUnsignedString(length)
                        + " bytes) is larger than the limit of " + maxBytes + " bytes (sluice.ingest.max-request-size)");
            }
            if (!Snappy.isValidCompressedBuffer(body)) {
                throw invalidSnappy("corrupt input");
            }
            return Snappy.uncompress(body);
        } catch (IOException e) {
            throw invalidSnappy(e.getMessage());
        }
    }

    List<LogEvent> protobuf(byte[] uncompressed) {
        PushRequest request;
        try {
            request = PushRequest.parseFrom(uncompressed);
        } catch (InvalidProtocolBufferException e) {
            throw new RequestProblem(HttpStatus.BAD_REQUEST, "error parsing the push request as protobuf: " + e.getMessage());
        }
        List<LogEvent> events = new ArrayList<>();
        for (StreamAdapter stream : request.getStreamsList()) {
            Map<String, String> labels = LokiLabels.parse(stream.getLabels());
            for (EntryAdapter entry : stream.getEntriesList()) {
                checkCount(events.size());
                long nanos = entry.hasTimestamp()
                        ? safeNanos(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos())
                        : 0;
                events.add(LokiEntryMapper.map(labels, nanos, entry.getLine(), metadata(entry.getStructuredMetadataList())));
            }
        }
        return events;
    }

    List<LogEvent> json(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(Utf8Body.decode(body).toString());
        } catch (JacksonException e) {
            throw invalidJson(e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("streams").isArray()) {
            throw invalidJson("expected an object with a \"streams\" array");
        }
        List<LogEvent> events = new ArrayList<>();
        int streamIndex = 0;
        for (JsonNode stream : root.get("streams")) {
            String where = "streams[" + streamIndex++ + "]";
            if (!stream.isObject()) {
                throw invalidJson(where + " must be an object");
            }
            if (stream.has("values")) {
                Map<String, String> labels = stringMap(stream.path("stream"), where + ".stream");
                int valueIndex = 0;
                for (JsonNode value : arrayOf(stream.get("values"), where + ".values")) {
                    checkCount(events.size());
                    events.add(value(labels, value, where + ".values[" + valueIndex++ + "]"));
                }
            } else {
                if (!stream.path("labels").isString()) {
                    throw invalidJson(where + " needs \"stream\" and \"values\" (or \"labels\" and \"entries\")");
                }
                Map<String, String> labels = LokiLabels.parse(stream.get("labels").stringValue());
                int entryIndex = 0;
                for (JsonNode entry : arrayOf(stream.path("entries"), where + ".entries")) {
                    checkCount(events.size());
                    events.add(legacyEntry(labels, entry, where + ".entries[" + entryIndex++ + "]"));
                }
            }
        }
        return events;
    }

    private LogEvent value(Map<String, String> labels, JsonNode value, String where) {
        if (!value.isArray() || value.size() < 2 || value.size() > 3 || !value.get(0).isString() || !value.get(1).isString()) {
            throw invalidJson(where + " must be [\"<unix epoch nanoseconds>\", \"<log line>\"] with optional structured metadata object");
        }
        long nanos;
        try {
            nanos = Long.parseLong(value.get(0).stringValue());
        } catch (NumberFormatException e) {
            throw invalidJson(where + " timestamp '" + abbreviate(value.get(0).stringValue()) + "' is not an integer of unix epoch nanoseconds");
        }
        Map<String, String> metadata = value.size() == 3 ? stringMap(value.get(2), where + "[2]") : Map.of();
        return LokiEntryMapper.map(labels, nanos, value.get(1).stringValue(), metadata);
    }

    private LogEvent legacyEntry(Map<String, String> labels, JsonNode entry, String where) {
        if (!entry.path("ts").isString() || !entry.path("line").isString()) {
            throw invalidJson(where + " must be {\"ts\": \"<RFC 3339>\", \"line\": \"<log line>\"}");
        }
        long nanos;
        try {
            nanos = io.sluice.common.event.Timestamps.parseNanos(entry.get("ts").stringValue());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalidJson(where + ".ts " + e.getMessage());
        }
        return LokiEntryMapper.map(labels, nanos, entry.get("line").stringValue(), Map.of());
    }

    private Map<String, String> stringMap(JsonNode node, String where) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalidJson(where + " must be an object of string values");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> pair : node.properties()) {
            if (!pair.getValue().isString()) {
                throw invalidJson(where + "." + abbreviate(pair.getKey()) + " must be a string");
            }
            map.put(pair.getKey(), pair.getValue().stringValue());
        }
        return map;
    }

    private static Iterable<JsonNode> arrayOf(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw invalidJson(where + " must be an array");
        }
        return node;
    }

    private static Map<String, String> metadata(List<LabelPairAdapter> pairs) {
        if (pairs.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        pairs.forEach(pair -> map.put(pair.getName(), pair.getValue()));
        return map;
    }

    private void checkCount(int events) {
        if (events >= maxEvents) {
            throw new RequestProblem(HttpStatus.BAD_REQUEST,
                    "the push request has more than " + maxEvents + " entries; at most " + maxEvents + " are accepted per request");
        }
    }

    private static long safeNanos(long seconds, int nanos) {
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static RequestProblem invalidSnappy(String why) {
        return new RequestProblem(HttpStatus.BAD_REQUEST,
                "error decompressing the push request (protobuf bodies must be snappy block-compressed): " + why);
    }

    private static RequestProblem invalidJson(String why) {
        return new RequestProblem(HttpStatus.BAD_REQUEST, "error parsing the push request as JSON: " + why);
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}

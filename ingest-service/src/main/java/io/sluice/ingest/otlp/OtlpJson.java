package io.sluice.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.sluice.ingest.http.RequestProblem;
import java.nio.CharBuffer;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OTLP/JSON encoding of the logs request and response (OTLP specification, "JSON Protobuf
 * Encoding"): protobuf's canonical JSON mapping (lowerCamelCase names, enums as integers or names,
 * 64-bit integers as strings or numbers) except that {@code traceId} and {@code spanId} are hex,
 * not base64. The ids are rewritten to base64 in the parsed tree before protobuf's
 * {@link JsonFormat} reads it; unknown fields are ignored, as the specification requires.
 */
final class OtlpJson {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final JsonMapper json;

    OtlpJson(JsonMapper json) {
        this.json = json;
    }

    /** The request in {@code body}; a 400 {@link RequestProblem} naming what is wrong otherwise. */
    ExportLogsServiceRequest parse(CharBuffer body) {
        JsonNode tree;
        try {
            tree = json.readTree(body.toString());
        } catch (JacksonException e) {
            throw invalid(e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw invalid("expected a JSON object (ExportLogsServiceRequest)");
        }
        for (JsonNode resourceLogs : tree.path("resourceLogs")) {
            for (JsonNode scopeLogs : resourceLogs.path("scopeLogs")) {
                for (JsonNode record : scopeLogs.path("logRecords")) {
                    if (record instanceof ObjectNode object) {
                        hexToBase64(object, "traceId", 16);
                        hexToBase64(object, "spanId", 8);
                    }
                }
            }
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw invalid(e.getMessage());
        }
        return request.build();
    }

    /** {@code message} as OTLP/JSON. */
    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("OTLP messages always print", e);
        }
    }

    private static void hexToBase64(ObjectNode record, String field, int bytes) {
        JsonNode id = record.get(field);
        if (id == null || id.isNull()) {
            return;
        }
        String hex = id.isString() ? id.stringValue() : "";
        if (hex.isEmpty()) {
            record.remove(field);
            return;
        }
        if (hex.length() != bytes * 2) {
            throw invalid(field + " must be " + bytes * 2 + " hex digits, got " + abbreviate(id.toString()));
        }
        try {
            record.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
        } catch (IllegalArgumentException e) {
            throw invalid(field + " must be " + bytes * 2 + " hex digits, got " + abbreviate(id.toString()));
        }
    }

    private static RequestProblem invalid(String why) {
        return new RequestProblem(HttpStatus.BAD_REQUEST, "the body is not a valid OTLP/JSON ExportLogsServiceRequest: " + why);
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}

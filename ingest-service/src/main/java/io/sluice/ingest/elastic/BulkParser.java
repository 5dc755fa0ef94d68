package io.sluice.ingest.elastic;

import io.sluice.ingest.http.RequestProblem;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Splits a bulk body (NDJSON: an action line, then for {@code index}, {@code create} and
 * {@code update} a source line) into {@link BulkItem}s, mapping each {@code index} / {@code create}
 * source with {@link ElasticDocumentMapper}. A source that is not a JSON object, or has an
 * unreadable timestamp, fails only its item ({@code mapper_parsing_exception}, status 400);
 * {@code delete} and {@code update} fail their item (Sluice's store is append-only). A malformed
 * action line fails the whole request with 400, as in Elasticsearch, because the pairing of the
 * lines after it cannot be trusted.
 */
final class BulkParser {

    private static final List<String> ACTIONS = List.of("index", "create", "delete", "update");

    private final JsonMapper json;
    private final int maxItems;

    BulkParser(JsonMapper json, int maxItems) {
        this.json = json;
        this.maxItems = maxItems;
    }

    List<BulkItem> parse(CharBuffer body, String pathIndex, long receivedNanos) {
        List<BulkItem> items = new ArrayList<>();
        String text = body.toString();
        int lineNumber = 0;
        int at = 0;
        while (at < text.length()) {
            int end = lineEnd(text, at);
            String line = text.substring(at, end);
            at = end + 1;
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (items.size() >= maxItems) {
                throw new RequestProblem(HttpStatus.BAD_REQUEST,
                        "the bulk request has more than " + maxItems + " actions; at most " + maxItems + " are accepted per request");
            }
            Map.Entry<String, JsonNode> action = action(line, lineNumber);
            String name = action.getKey();
            JsonNode meta = action.getValue();
            String index = meta.path("_index").isString() ? meta.get("_index").stringValue() : pathIndex;
            String id = meta.path("_id").isString() ? meta.get("_id").stringValue() : null;
            if (name.equals("delete")) {
                items.add(BulkItem.failed(name, index, id, "illegal_argument_exception",
                        "delete is not supported: Sluice stores logs append-only"));
                continue;
            }
            if (at >= text.length()) {
                throw new RequestProblem(HttpStatus.BAD_REQUEST, "the " + name + " action on line [" + lineNumber
                        + "] has no source line after it");
            }
            int sourceEnd = lineEnd(text, at);
            String source = text.substring(at, sourceEnd);
            at = sourceEnd + 1;
            lineNumber++;
            if (name.equals("update")) {
                items.add(BulkItem.failed(name, index, id, "illegal_argument_exception",
                        "update is not supported: Sluice stores logs append-only"));
            } else if (index == null || index.isBlank()) {
                items.add(BulkItem.failed(name, null, id, "action_request_validation_exception", "Validation Failed: 1: index is missing;"));
            } else {
                items.add(document(name, index, id, source, lineNumber, receivedNanos));
            }
        }
        return items;
    }

    private Map.Entry<String, JsonNode> action(String line, int lineNumber) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            throw malformed(lineNumber, e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || node.size() != 1) {
            throw malformed(lineNumber, "expected an object with one field ([create], [delete], [index] or [update])");
        }
        Map.Entry<String, JsonNode> action = node.properties().iterator().next();
        if (!ACTIONS.contains(action.getKey())) {
            String shown = action.getKey().length() > 64 ? action.getKey().substring(0, 64) + "…" : action.getKey();
            throw malformed(lineNumber, "expected field [create], [delete], [index] or [update] but found [" + shown + "]");
        }
        if (!action.getValue().isObject()) {
            throw malformed(lineNumber, "the [" + action.getKey() + "] action must be an object");
        }
        return action;
    }

    private BulkItem document(String name, String index, String id, String source, int lineNumber, long receivedNanos) {
        JsonNode node;
        try {
            node = json.readTree(source);
        } catch (JacksonException e) {
            return BulkItem.failed(name, index, id, "mapper_parsing_exception",
                    "failed to parse the source on line [" + lineNumber + "]: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode document)) {
            return BulkItem.failed(name, index, id, "mapper_parsing_exception",
                    "failed to parse the source on line [" + lineNumber + "]: expected a JSON object");
        }
        try {
            return BulkItem.document(name, index, id, ElasticDocumentMapper.map(document, index, receivedNanos));
        } catch (IllegalArgumentException e) {
            return BulkItem.failed(name, index, id, "mapper_parsing_exception", e.getMessage());
        }
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline;
    }

    private static RequestProblem malformed(int lineNumber, String why) {
        return new RequestProblem(HttpStatus.BAD_REQUEST, "Malformed action/metadata line [" + lineNumber + "]: " + why);
    }
}

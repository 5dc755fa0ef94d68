package io.sluice.ingest.elastic;

import io.sluice.common.event.EventIds;
import io.sluice.ingest.validate.Rejection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Elasticsearch bulk response body: {@code took}, {@code errors} and one entry per action in
 * request order, with status 201 ({@code result: created}) for stored documents and 400 with an
 * {@code error} object for failed ones; and the top-level error object of a request that failed
 * as a whole. Shaped like Elasticsearch 8's, so Filebeat, Fluent Bit and Vector count the items
 * as they would against Elasticsearch.
 */
final class BulkAnswer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BulkAnswer() {
    }

    /**
     * The response for {@code items}, where {@code rejected} indexes the submitted events (the
     * items with an event, in order) that validation refused.
     */
    static ObjectNode items(List<BulkItem> items, List<Rejection> rejected, long tookMillis) {
        Map<Integer, String> refused = new HashMap<>();
        rejected.forEach(rejection -> refused.put(rejection.index(), rejection.reason()));
        ArrayNode entries = NODES.arrayNode();
        boolean errors = false;
        int eventIndex = 0;
        for (BulkItem item : items) {
            ObjectNode entry = NODES.objectNode();
            entry.put("_index", item.index());
            String reason = item.reason();
            String type = item.errorType();
            if (item.event() != null) {
                String validation = refused.get(eventIndex++);
                if (validation != null) {
                    reason = validation;
                    type = "mapper_parsing_exception";
                }
            }
            if (type == null) {
                entry.put("_id", item.id() != null ? item.id() : EventIds.next());
                entry.put("_version", 1);
                entry.put("result", "created");
                ObjectNode shards = entry.putObject("_shards");
                shards.put("total", 1);
                shards.put("successful", 1);
                shards.put("failed", 0);
                entry.put("_seq_no", 0);
                entry.put("_primary_term", 1);
                entry.put("status", 201);
            } else {
                errors = true;
                entry.put("_id", item.id());
                entry.put("status", 400);
                ObjectNode error = entry.putObject("error");
                error.put("type", type);
                error.put("reason", reason);
            }
            entries.addObject().set(item.action(), entry);
        }
        ObjectNode body = NODES.objectNode();
        body.put("took", tookMillis);
        body.put("errors", errors);
        body.set("items", entries);
        return body;
    }

    /** {@code {"error":{"root_cause":[…],"type":…,"reason":…},"status":…}}. */
    static ObjectNode error(int status, String type, String reason) {
        ObjectNode cause = NODES.objectNode();
        cause.put("type", type);
        cause.put("reason", reason);
        ObjectNode error = cause.deepCopy();
        error.putArray("root_cause").add(cause);
        ObjectNode body = NODES.objectNode();
        body.set("error", error);
        body.put("status", status);
        return body;
    }
}

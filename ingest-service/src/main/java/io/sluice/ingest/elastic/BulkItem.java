package io.sluice.ingest.elastic;

import io.sluice.common.proto.ingest.v1.LogEvent;

/**
 * One action of a bulk request: either a document to store (an {@code index} or {@code create}
 * whose source mapped to an event) or an item already failed (with an Elasticsearch error type
 * and reason).
 *
 * @param action {@code index}, {@code create}, {@code delete} or {@code update}
 * @param index target index name (from the action or the path)
 * @param id document id given by the client, or null
 * @param event the event to store, or null when the item failed
 * @param errorType Elasticsearch error type of a failed item, or null
 * @param reason why the item failed, or null
 */
record BulkItem(String action, String index, String id, LogEvent event, String errorType, String reason) {

    static BulkItem document(String action, String index, String id, LogEvent event) {
        return new BulkItem(action, index, id, event, null, null);
    }

    static BulkItem failed(String action, String index, String id, String errorType, String reason) {
        return new BulkItem(action, index, id, null, errorType, reason);
    }
}

package io.sluice.ingest.grpc;

import io.sluice.common.proto.ingest.v1.LogBatch;

/**
 * A received Push message: the parsed batch, or why its bytes are not a LogBatch (for example a
 * string field that is not valid UTF-8). Exactly one is set.
 */
record PushRequest(LogBatch batch, String parseError) {

    static PushRequest of(LogBatch batch) {
        return new PushRequest(batch, null);
    }

    static PushRequest unparseable(String why) {
        return new PushRequest(null, why);
    }
}

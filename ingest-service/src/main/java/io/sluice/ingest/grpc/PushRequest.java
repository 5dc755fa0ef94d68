package io.sluice.ingest.grpc;

import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.ingest.buffer.ReceivedEvents;

/**
 * A received Push message: the parsed batch with the bytes its events arrived in, or why its
 * bytes are not a LogBatch (for example a string field that is not valid UTF-8). Either
 * {@code batch} and {@code received} are set, or {@code parseError}.
 */
record PushRequest(LogBatch batch, ReceivedEvents received, String parseError) {

    static PushRequest of(LogBatch batch) {
        return new PushRequest(batch, ReceivedEvents.NONE, null);
    }

    static PushRequest of(LogBatch batch, ReceivedEvents received) {
        return new PushRequest(batch, received, null);
    }

    static PushRequest unparseable(String why) {
        return new PushRequest(null, ReceivedEvents.NONE, why);
    }
}

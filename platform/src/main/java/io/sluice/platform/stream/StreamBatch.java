package io.sluice.platform.stream;

import io.lettuce.core.StreamMessage;
import java.util.List;

/**
 * Entries of ONE buffer stream handed to an {@link EntryHandler} together: read by one
 * XREADGROUP or claimed by one XAUTOCLAIM.
 *
 * @param stream the stream's key
 * @param entries the entries, oldest first; an entry deleted from the stream while pending has a
 *     {@code null} body
 */
public record StreamBatch(String stream, List<StreamMessage<String, byte[]>> entries) {

    public StreamBatch {
        entries = List.copyOf(entries);
    }

    /**
     * A name for entry {@code entryId} of this batch's stream that is unique across every buffer
     * stream ({@code <tenant>.<shard>/<entry id>}; entry ids alone repeat across streams), for
     * idempotency markers and batch ids.
     */
    public String uniqueId(String entryId) {
        int open = stream.indexOf('{');
        int close = stream.lastIndexOf('}');
        String name = open >= 0 && close > open ? stream.substring(open + 1, close) : stream;
        return name + "/" + entryId;
    }

    /** The entries' ids. */
    public List<String> ids() {
        return entries.stream().map(StreamMessage::getId).toList();
    }
}

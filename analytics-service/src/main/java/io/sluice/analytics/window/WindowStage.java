package io.sluice.analytics.window;

import io.sluice.analytics.template.MinedBatch;
import io.sluice.common.proto.ingest.v1.LogBatch;
import reactor.core.publisher.Mono;

/**
 * What the buffer consumer hands every entry to for window statistics and leaderboards: the entry's
 * events are counted into their windows once per entry id.
 */
public interface WindowStage {

    /** Does nothing: window statistics switched off. */
    WindowStage NONE = (entryId, batch, mined) -> Mono.empty();

    /**
     * Counts the events of the buffer entry {@code entryId}, whose templates the consumer mined once
     * into {@code mined}; errors when the entry must be retried.
     */
    Mono<Void> record(String entryId, LogBatch batch, MinedBatch mined);
}

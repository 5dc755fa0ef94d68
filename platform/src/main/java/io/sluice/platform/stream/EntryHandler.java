package io.sluice.platform.stream;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * What a service does with buffer entries, called by {@link GroupConsumer}. The Mono completes
 * when every entry of the batch is durably processed, with the entries that can never be (they are
 * dead-lettered); the consumer then acknowledges the whole batch. An error means "not processed,
 * try again": nothing is acknowledged and the same batch is retried with back-off, so a handler
 * must be idempotent per entry and must report permanent failures as {@link Rejected} rather than
 * as errors. Called on any thread; must not block.
 */
@FunctionalInterface
public interface EntryHandler {

    /** Processes {@code batch}; emits the entries that were rejected (usually none). */
    Mono<List<Rejected>> handle(StreamBatch batch);
}

package io.sluice.alert.route;

import reactor.core.publisher.Flux;

/** What routing needs from channels: the receiver names a tenant's routes may use. */
@FunctionalInterface
public interface ReceiverNames {

    /** Names of {@code tenant}'s channels. */
    Flux<String> of(String tenant);
}

package io.sluice.alert.route;

import java.util.Map;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/** What routing needs from silences: which label sets a tenant's silences mute at a given time. */
public interface ActiveSilences {

    /** A test that is true for the labels of an alert some silence of {@code tenant} mutes at {@code nowMillis}. */
    Mono<Predicate<Map<String, String>>> mutedAt(String tenant, long nowMillis);
}

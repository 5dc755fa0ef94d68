package io.sluice.analytics.anomaly;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where a judging pass's findings go besides the tenant's stream (alert-service, when alerting is
 * on). The closer waits for it before storing the findings and the state: a failure leaves the
 * windows to be judged again (the same findings under the same batch id), which is the backpressure
 * when alert-service lags or is down.
 */
public interface AnomalySink {

    /** Takes nothing anywhere. */
    AnomalySink NONE = (batchId, findings) -> Mono.empty();

    /** Hands over {@code findings} (not empty) under the deterministic {@code batchId}. */
    Mono<Void> send(String batchId, List<Anomaly> findings);
}

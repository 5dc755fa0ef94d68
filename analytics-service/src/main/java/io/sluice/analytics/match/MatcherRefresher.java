package io.sluice.analytics.match;

import io.sluice.platform.lifecycle.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Fetches the alert rules' matchers from alert-service right at start and then every
 * {@code interval}, replacing {@link RuleMatchers}' set on success. On failure the last good set
 * stays in force and the failure is logged once until the next success.
 */
public class MatcherRefresher extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(MatcherRefresher.class);

    private final AlertIntakeClient client;
    private final RuleMatchers matchers;
    private volatile boolean failing;

    /** Refreshes {@code matchers} from {@code client} every {@code interval}. */
    public MatcherRefresher(AlertIntakeClient client, RuleMatchers matchers, Duration interval) {
        super(Duration.ZERO, interval);
        this.client = client;
        this.matchers = matchers;
    }

    @Override
    protected Mono<Void> runOnce() {
        return client.listMatchers()
                .doOnNext(list -> {
                    matchers.update(list);
                    if (failing) {
                        log.info("alert rules fetched again from alert-service ({} rules)", list.size());
                    }
                    failing = false;
                })
                .then()
                .onErrorResume(e -> {
                    if (!failing) {
                        log.warn("cannot fetch alert rules from alert-service, keeping the last known set: {}", e.toString());
                    }
                    failing = true;
                    return Mono.empty();
                });
    }
}

package io.sluice.analytics.match;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fetches the alert rules' matchers from alert-service right at start and then every
 * {@code interval}, replacing {@link RuleMatchers}' set on success. On failure the last good set
 * stays in force and the failure is logged once until the next success.
 */
public class MatcherRefresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MatcherRefresher.class);

    private final AlertIntakeClient client;
    private final RuleMatchers matchers;
    private final Duration interval;
    private volatile Disposable running;
    private volatile boolean failing;

    /** Refreshes {@code matchers} from {@code client} every {@code interval}. */
    public MatcherRefresher(AlertIntakeClient client, RuleMatchers matchers, Duration interval) {
        this.client = client;
        this.matchers = matchers;
        this.interval = interval;
    }

    @Override
    public void start() {
        running = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> refresh(), 1)
                .subscribe();
    }

    private Mono<Void> refresh() {
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

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}

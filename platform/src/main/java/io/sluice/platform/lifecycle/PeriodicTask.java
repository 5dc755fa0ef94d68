package io.sluice.platform.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive job run every {@code interval} while the application runs: runs never overlap (a tick
 * that comes while the previous run is still going is dropped), and a failed run is logged and
 * does not stop later ones. Subclasses say what one run does.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final Duration initialDelay;
    private final Duration interval;
    private volatile Disposable running;

    /** Runs first after {@code initialDelay}, then every {@code interval}. */
    protected PeriodicTask(Duration initialDelay, Duration interval) {
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One run; completes when done. */
    protected abstract Mono<Void> runOnce();

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = Flux.interval(initialDelay, interval)
                .onBackpressureDrop()
                .concatMap(tick -> runOnce().onErrorResume(e -> {
                    log.warn("{} failed: {}", getClass().getSimpleName(), e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public synchronized void stop() {
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

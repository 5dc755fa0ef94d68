package io.sluice.alert.channel;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finishes notifications that an instance left PENDING when it stopped (crash, kill, deploy):
 * every {@code interval} it looks for PENDING rows whose claim has expired, takes each over with a
 * conditional update (so one instance per row), and resumes it through
 * {@link ChannelDispatcher#resume}. This is what makes "never silently lost" hold across
 * restarts. Delivery is at least once: an instance that stopped after the channel accepted a
 * message but before recording it causes one duplicate.
 */
public class PendingRedelivery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PendingRedelivery.class);
    private static final int BATCH = 100;

    private final NotificationHistory history;
    private final ChannelDispatcher dispatcher;
    private final Duration interval;
    private final Clock clock;
    private volatile Disposable loop;

    /**
     * @param history where abandoned notifications are found and claimed
     * @param dispatcher resumes them
     * @param interval time between two looks
     * @param clock claim times
     */
    public PendingRedelivery(NotificationHistory history, ChannelDispatcher dispatcher, Duration interval, Clock clock) {
        this.history = history;
        this.dispatcher = dispatcher;
        this.interval = interval;
        this.clock = clock;
    }

    /** One look: claims and resumes the abandoned notifications; emits how many this instance took. */
    public Mono<Long> sweep() {
        long now = clock.millis();
        return history.abandoned(now, BATCH)
                .concatMap(id -> history.claim(id, now).filter(Boolean::booleanValue).map(ok -> id))
                .flatMap(id -> dispatcher.resume(id).onErrorResume(e -> {
                    log.warn("cannot resume notification {}: {}", id, e.toString());
                    return Mono.empty();
                }), 8)
                .count();
    }

    @Override
    public void start() {
        loop = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.warn("cannot look for abandoned notifications: {}", e.toString());
                    return Mono.empty();
                }), 0)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable l = loop;
        if (l != null) {
            l.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }
}

package io.sluice.alert.channel;

import io.sluice.alert.notify.DeliveryResult;
import io.sluice.alert.notify.Notification;
import io.sluice.alert.notify.NotificationDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link NotificationDispatcher} over stored channels: finds the receiver's channel in the
 * tenant, records the notification (PENDING) before anything is sent, renders the channel's
 * template, and delivers through the type's {@link ChannelSender}. Transient failures are retried
 * with exponential backoff and jitter up to {@code maxAttempts}; every attempt is recorded, and
 * the notification ends SENT or FAILED with its last error. An unknown channel or a template that
 * cannot render is recorded as FAILED too: nothing handed over is dropped without a trace. A
 * notification left PENDING by an instance that stopped mid-delivery is resumed by
 * {@link PendingRedelivery} through {@link #resume}.
 */
public class ChannelDispatcher implements NotificationDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ChannelDispatcher.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChannelRepository channels;
    private final NotificationHistory history;
    private final Map<ChannelType, ChannelSender> senders;
    private final MessageTemplates templates;
    private final ChannelProperties properties;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    /**
     * @param channels where receivers are looked up
     * @param history where notifications and attempts are recorded
     * @param senders one per channel type
     * @param templates renders messages
     * @param properties timeout and retry settings
     * @param metrics counts outcomes and attempts
     * @param clock times recorded
     */
    public ChannelDispatcher(ChannelRepository channels, NotificationHistory history, Map<ChannelType, ChannelSender> senders,
            MessageTemplates templates, ChannelProperties properties, DeliveryMetrics metrics, Clock clock) {
        this.channels = channels;
        this.history = history;
        this.senders = senders;
        this.templates = templates;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Mono<DeliveryResult> dispatch(String tenant, Notification n) {
        return channels.findByName(tenant, n.receiver())
                .flatMap(channel -> deliver(channel, n, false))
                .switchIfEmpty(Mono.defer(() -> {
                    String error = "no channel named '" + n.receiver() + "' in tenant " + tenant;
                    log.warn("notification for {} not delivered: {}", tenant, error);
                    metrics.outcome(null, false);
                    return history.start(tenant, null, n, false, clock.millis(), error)
                            .map(id -> new DeliveryResult(id, DeliveryResult.Outcome.FAILED, 0, error));
                }))
                .onErrorResume(e -> unrecorded(tenant, n, e));
    }

    /** Delivers {@code n} through {@code channel} (the "send test" action sets {@code test}). */
    Mono<DeliveryResult> deliver(Channel channel, Notification n, boolean test) {
        return history.start(channel.tenant(), channel, n, test, clock.millis(), null)
                .flatMap(id -> render(channel, n)
                        .flatMap(message -> send(id, channel, message, 0))
                        .onErrorResume(RenderException.class, e -> finish(id, channel.type(), false, 0, e.getMessage())))
                .onErrorResume(e -> unrecorded(channel.tenant(), n, e));
    }

    private Mono<Message> render(Channel channel, Notification n) {
        return Mono.fromCallable(() -> {
            try {
                return templates.message(channel, n);
            } catch (RuntimeException e) {
                throw new RenderException("cannot render the message template: " + e.getMessage());
            }
        });
    }

    /**
     * Resumes notification {@code id}, left PENDING by an instance that stopped (and claimed by the
     * caller): done if an attempt had succeeded, else delivered with the attempts left, else failed.
     */
    Mono<DeliveryResult> resume(long id) {
        return history.findById(id)
                .zipWith(history.attempts(id).collectList())
                .flatMap(t -> {
                    NotificationRecord record = t.getT1();
                    List<AttemptRecord> attempts = t.getT2();
                    int made = Math.max(record.attempts(), attempts.size());
                    ChannelType type = ChannelType.parse(record.channelType());
                    if (attempts.stream().anyMatch(AttemptRecord::ok)) {
                        return finish(id, type, true, made, null);
                    }
                    String last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).error();
                    if (made >= properties.maxAttempts()) {
                        return finish(id, type, false, made, last == null ? "interrupted after " + made + " attempts" : last);
                    }
                    if (record.channelId() == null) {
                        return finish(id, type, false, made, "no channel");
                    }
                    return channels.findById(record.channelId())
                            .flatMap(channel -> history.payload(id)
                                    .map(payload -> AlertmanagerBody.parse(JSON.readTree(payload)))
                                    .flatMap(n -> render(channel, n))
                                    .flatMap(message -> send(id, channel, message, made))
                                    .onErrorResume(RenderException.class, e -> finish(id, channel.type(), false, made, e.getMessage())))
                            .switchIfEmpty(Mono.defer(() -> finish(id, type, false, made,
                                    "the channel was deleted before the notification was delivered")));
                })
                .doOnNext(r -> log.info("resumed notification {} left pending by a stopped instance: {}", id, r.status()));
    }

    private Mono<DeliveryResult> send(long id, Channel channel, Message message, int attemptsBefore) {
        ChannelSender sender = senders.get(channel.type());
        AtomicInteger attempts = new AtomicInteger(attemptsBefore);
        Duration timeout = properties.timeout().plus(properties.timeout());
        return Mono.defer(() -> {
                    int attempt = attempts.incrementAndGet();
                    long started = clock.millis();
                    return sender.send(channel, message)
                            .timeout(timeout)
                            .onErrorMap(e -> !(e instanceof DeliveryException), e -> e instanceof TimeoutException
                                    ? new DeliveryException("no answer within " + timeout.toMillis() + " ms", true)
                                    : new DeliveryException(e.toString(), true))
                            .then(Mono.defer(() -> recordAttempt(id, channel, attempt, started, null)))
                            .onErrorResume(DeliveryException.class, e -> recordAttempt(id, channel, attempt, started, e).then(Mono.error(e)));
                })
                .retryWhen(Retry.backoff(properties.maxAttempts() - 1L - attemptsBefore, properties.backoff())
                        .maxBackoff(properties.maxBackoff())
                        .jitter(properties.jitter())
                        .filter(e -> e instanceof DeliveryException d && d.retryable()))
                .then(Mono.defer(() -> finish(id, channel.type(), true, attempts.get(), null)))
                .onErrorResume(e -> {
                    Throwable last = Exceptions.isRetryExhausted(e) && e.getCause() != null ? e.getCause() : e;
                    log.warn("notification {} to channel {} ({}) failed after {} attempts: {}", id, channel.name(), channel.type().wire(),
                            attempts.get(), last.getMessage());
                    return finish(id, channel.type(), false, attempts.get(), last.getMessage());
                });
    }

    private Mono<Void> recordAttempt(long id, Channel channel, int attempt, long started, DeliveryException failure) {
        metrics.attempt(channel.type(), failure == null);
        return history.attempt(id, attempt, started, clock.millis() - started, failure)
                .onErrorResume(e -> {
                    log.error("cannot record attempt {} of notification {}: {}", attempt, id, e.toString());
                    return Mono.empty();
                });
    }

    private Mono<DeliveryResult> finish(long id, ChannelType type, boolean sent, int attempts, String error) {
        metrics.outcome(type, sent);
        DeliveryResult result = new DeliveryResult(id, sent ? DeliveryResult.Outcome.SENT : DeliveryResult.Outcome.FAILED, attempts, error);
        return history.finish(id, sent, attempts, error, clock.millis())
                .thenReturn(result)
                .onErrorResume(e -> {
                    log.error("cannot record the outcome of notification {} ({}): {}", id, result.status(), e.toString());
                    return Mono.just(result);
                });
    }

    private static Mono<DeliveryResult> unrecorded(String tenant, Notification n, Throwable e) {
        log.error("notification to '{}' of tenant {} could not be recorded, so it was not sent: {}", n.receiver(), tenant, e.toString());
        return Mono.just(new DeliveryResult(null, DeliveryResult.Outcome.FAILED, 0, "notification history unavailable: " + e.getMessage()));
    }

    /** A message that cannot be rendered (never retried). */
    private static final class RenderException extends RuntimeException {
        RenderException(String message) {
            super(message, null, false, false);
        }
    }
}

package io.sluice.alert.notify;

import io.sluice.alert.firing.AlertFiring;
import io.sluice.alert.firing.FiringRepository;
import io.sluice.alert.firing.NotifyStatus;
import io.sluice.alert.route.Alert;
import io.sluice.alert.rule.AlertRule;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * POSTs a firing (with its alert's labels and annotations) to its rule's webhook. Each attempt is bounded by {@code timeout}; connection
 * failures, timeouts, 5xx, 408 and 429 are retried up to {@code retries} times with exponential
 * backoff; other 4xx are not retried. The outcome (SENT, or FAILED with the last error, and the
 * number of attempts) is written to the firing's row, so a notification is never lost silently.
 */
public class WebhookNotifier implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

    private final WebClient http;
    private final FiringRepository firings;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final Clock clock;
    private final Disposable.Composite inFlight = Disposables.composite();

    /**
     * @param http client used for the POSTs
     * @param firings where outcomes are recorded
     * @param timeout bound of one attempt
     * @param retries retries after the first attempt
     * @param backoff delay before the first retry (doubling)
     * @param clock time of a successful notification
     */
    public WebhookNotifier(WebClient http, FiringRepository firings, Duration timeout, int retries, Duration backoff, Clock clock) {
        this.http = http;
        this.firings = firings;
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Starts notifying in the background; the outcome lands in the firing's row. */
    public void dispatch(AlertRule rule, AlertFiring firing, Alert alert) {
        Disposable[] self = new Disposable[1];
        self[0] = notify(rule, firing, alert).doFinally(s -> {
            if (self[0] != null) {
                inFlight.remove(self[0]);
            }
        }).subscribe();
        inFlight.add(self[0]);
        if (self[0].isDisposed()) {
            inFlight.remove(self[0]);
        }
    }

    /** POSTs (with retries) and records the outcome; completes when recorded. */
    public Mono<Void> notify(AlertRule rule, AlertFiring firing, Alert alert) {
        AtomicInteger attempts = new AtomicInteger();
        WebhookPayload payload = WebhookPayload.of(rule, firing, alert);
        return Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return http.post().uri(rule.webhookUrl()).contentType(MediaType.APPLICATION_JSON).bodyValue(payload)
                            .retrieve().toBodilessEntity().timeout(timeout);
                })
                .retryWhen(Retry.backoff(retries, backoff).filter(WebhookNotifier::retryable))
                .then(Mono.defer(() -> firings.recordNotification(firing.id(), NotifyStatus.SENT, attempts.get(), null, clock.millis())))
                .onErrorResume(e -> {
                    String error = describe(Exceptions.isRetryExhausted(e) && e.getCause() != null ? e.getCause() : e);
                    log.warn("webhook of alert rule {} ({}) failed after {} attempts: {}", rule.id(), rule.webhookUrl(), attempts.get(), error);
                    return firings.recordNotification(firing.id(), NotifyStatus.FAILED, attempts.get(), error, null);
                })
                .onErrorResume(e -> {
                    log.error("cannot record the notification outcome of firing {}: {}", firing.id(), e.toString());
                    return Mono.empty();
                });
    }

    static boolean retryable(Throwable e) {
        if (e instanceof WebClientResponseException r) {
            int code = r.getStatusCode().value();
            return code >= 500 || code == 408 || code == 429;
        }
        return e instanceof WebClientRequestException || e instanceof TimeoutException;
    }

    private String describe(Throwable e) {
        if (e instanceof WebClientResponseException r) {
            return "HTTP " + r.getStatusCode().value() + (r.getStatusText().isEmpty() ? "" : " " + r.getStatusText());
        }
        if (e instanceof TimeoutException) {
            return "no response within " + timeout.toMillis() + " ms";
        }
        if (e instanceof WebClientRequestException) {
            return "cannot reach the webhook: " + NestedExceptionUtils.getMostSpecificCause(e).toString();
        }
        return e.toString();
    }

    @Override
    public void destroy() {
        inFlight.dispose();
    }
}

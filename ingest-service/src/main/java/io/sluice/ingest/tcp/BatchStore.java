package io.sluice.ingest.tcp;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.ingest.auth.UnauthenticatedException;
import io.sluice.ingest.buffer.BufferUnavailableException;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.intake.IntakeResult;
import io.sluice.ingest.tcp.ListenerMetrics.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores the events a listener collected: groups them by the API key they carried, resolves each
 * group's tenant (the key's owner, or the listener's bound tenant for messages without a key) and
 * submits each group to the {@link Intake}. Socket inputs have no reply channel, so every outcome
 * ends here: stored events are counted; unauthenticated and invalid ones are counted, dropped and
 * reported by a throttled WARN. When the buffer is unavailable or the tenant is rate limited, a
 * TCP listener ({@code waitWhenBusy}) waits and retries, holding back its connection's reads; a UDP
 * listener drops and counts. The returned Mono never fails.
 */
public final class BatchStore {

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final Intake intake;
    private final TenantAuthenticator authenticator;
    private final ListenerSettings settings;
    private final ListenerMetrics metrics;
    private final ThrottledWarning warning;
    private final boolean waitWhenBusy;

    /** A store for the listener described by {@code settings}. */
    public BatchStore(Intake intake, TenantAuthenticator authenticator, ListenerSettings settings,
            ListenerMetrics metrics, ThrottledWarning warning, boolean waitWhenBusy) {
        this.intake = intake;
        this.authenticator = authenticator;
        this.settings = settings;
        this.metrics = metrics;
        this.warning = warning;
        this.waitWhenBusy = waitWhenBusy;
    }

    /** Stores {@code batch}; completes when every group is stored or dropped. */
    public Mono<Void> store(List<Parsed.Received> batch) {
        Map<String, List<LogEvent>> byKey = new LinkedHashMap<>();
        for (Parsed.Received received : batch) {
            byKey.computeIfAbsent(received.apiKey() == null ? "" : received.apiKey(), k -> new ArrayList<>()).add(received.event());
        }
        return Flux.fromIterable(byKey.entrySet())
                .concatMap(group -> storeGroup(group.getKey(), group.getValue()))
                .then();
    }

    private Mono<Void> storeGroup(String apiKey, List<LogEvent> events) {
        return tenant(apiKey)
                .flatMap(tenant -> submit(tenant, events, FIRST_RETRY))
                .onErrorResume(UnauthenticatedException.class, e -> {
                    drop(Reason.UNAUTHENTICATED, events.size(), e.getMessage());
                    return Mono.empty();
                })
                .onErrorResume(e -> {
                    drop(Reason.UNAVAILABLE, events.size(), "storing failed: " + e);
                    return Mono.empty();
                });
    }

    private Mono<String> tenant(String apiKey) {
        if (!apiKey.isEmpty()) {
            return authenticator.tenantFor(apiKey);
        }
        String bound = settings.boundTenant();
        return bound != null ? Mono.just(bound) : Mono.error(new UnauthenticatedException(
                "the listener is bound to no tenant and the message carries no API key"));
    }

    private Mono<Void> submit(String tenant, List<LogEvent> events, Duration backoff) {
        return intake.submit(settings.input(), tenant, events, "")
                .flatMap(result -> outcome(tenant, events, result, backoff))
                .onErrorResume(BufferUnavailableException.class, e -> {
                    if (!waitWhenBusy) {
                        drop(Reason.UNAVAILABLE, events.size(), e.getMessage());
                        return Mono.empty();
                    }
                    warning.warn(settings.name() + ": " + e.getMessage() + "; retrying in " + backoff.toMillis() + " ms");
                    return Mono.delay(backoff).then(Mono.defer(() -> submit(tenant, events, next(backoff))));
                });
    }

    private Mono<Void> outcome(String tenant, List<LogEvent> events, IntakeResult result, Duration backoff) {
        if (result instanceof IntakeResult.Stored stored) {
            metrics.stored(stored.accepted());
            if (!stored.rejected().isEmpty()) {
                drop(Reason.INVALID, stored.rejected().size(), stored.rejected().get(0).reason());
            }
            return Mono.empty();
        }
        if (result instanceof IntakeResult.Refused refused) {
            drop(Reason.INVALID, events.size(), refused.rejected().isEmpty() ? refused.error() : refused.rejected().get(0).reason());
            return Mono.empty();
        }
        IntakeResult.Limited limited = (IntakeResult.Limited) result;
        if (!waitWhenBusy) {
            drop(Reason.RATE_LIMITED, events.size(), "tenant " + tenant + ": " + limited.error());
            return Mono.empty();
        }
        Duration wait = limited.retryAfter() == null || limited.retryAfter().isNegative() ? FIRST_RETRY : limited.retryAfter();
        return Mono.delay(wait).then(Mono.defer(() -> submit(tenant, events, backoff)));
    }

    private void drop(Reason reason, int count, String why) {
        metrics.dropped(reason, count);
        warning.warn(settings.name() + " listener dropped " + count + " event(s) (" + reason.name().toLowerCase(java.util.Locale.ROOT)
                + "): " + why);
    }

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
    }
}

package io.sluice.ingest.ratelimit;

import reactor.core.publisher.Mono;

/**
 * Admits or refuses a request by its tenant's rate limits, before anything of it is stored.
 * Implementations charge the cost only when they admit the request.
 */
public interface RateLimiter {

    /**
     * Charges {@code events} events and {@code bytes} bytes to {@code tenant} if both fit its
     * limits now. Fails with {@link io.sluice.ingest.buffer.BufferUnavailableException} when the
     * limits cannot be checked (Redis unavailable): a request is never let through unchecked.
     */
    Mono<RateDecision> acquire(String tenant, int events, long bytes);

    /** A limiter admitting everything ({@code sluice.ingest.limits.enabled=false}). */
    static RateLimiter unlimited() {
        return (tenant, events, bytes) -> Mono.just(RateDecision.ALLOWED);
    }
}

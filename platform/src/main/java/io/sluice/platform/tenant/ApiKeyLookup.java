package io.sluice.platform.tenant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Which tenant an API key belongs to, answered from a bounded in-process cache in front of
 * {@link TenantStore}. Cached by the key's SHA-256 (the key text is never kept); valid keys are
 * trusted for {@code cacheTtl}, unknown ones remembered for {@code missTtl}. Concurrent lookups of
 * one key share one query; failed queries are not cached. {@link KeyInvalidations} drops entries
 * when a key changes anywhere. Non-blocking.
 */
public class ApiKeyLookup {

    private static final HexFormat HEX = HexFormat.of();

    private final TenantStore store;
    private final AsyncCache<String, Optional<String>> cache;
    private final Duration timeout;

    /** Looks keys up in {@code store}, caching as {@code properties} say. */
    public ApiKeyLookup(TenantStore store, TenancyProperties properties) {
        this.store = store;
        this.timeout = properties.lookupTimeout();
        this.cache = Caffeine.newBuilder()
                .maximumSize(properties.cacheSize())
                .expireAfter(new HitOrMiss(properties.cacheTtl(), properties.missTtl()))
                .buildAsync();
    }

    /**
     * The tenant owning {@code apiKey}; empty when the key is unknown or revoked; a
     * {@link TenancyUnavailableException} when the store cannot be asked.
     */
    public Mono<String> tenantOf(String apiKey) {
        return Mono.defer(() -> {
            byte[] hash = ApiKeyFormat.hash(apiKey);
            CompletableFuture<Optional<String>> answer = cache.get(HEX.formatHex(hash), (k, executor) -> store.tenantForKeyHash(hash)
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .timeout(timeout, Mono.error(() -> new TenancyUnavailableException(
                            new IllegalStateException("no answer from the tenant store within " + timeout.toMillis() + " ms"))))
                    .toFuture());
            // A cached answer continues on the caller's thread; a query's answer is handed off the
            // database driver's event loop before the caller's (possibly heavy) work continues.
            Mono<Optional<String>> result = answer.isDone() && !answer.isCompletedExceptionally()
                    ? Mono.just(answer.join())
                    : Mono.fromFuture(answer, true).publishOn(Schedulers.parallel());
            return result
                    .onErrorMap(e -> !(e instanceof TenancyUnavailableException), TenancyUnavailableException::new)
                    .flatMap(Mono::justOrEmpty);
        });
    }

    /** Forgets what is cached about the key whose SHA-256 is {@code hashHex}. */
    public void invalidate(String hashHex) {
        cache.synchronous().invalidate(hashHex);
    }

    /** Forgets everything cached. */
    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** Valid keys live {@code hit}, unknown ones {@code miss}; reads do not extend either. */
    private record HitOrMiss(Duration hit, Duration miss) implements Expiry<String, Optional<String>> {

        @Override
        public long expireAfterCreate(String key, Optional<String> value, long currentTime) {
            return (value.isPresent() ? hit : miss).toNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Optional<String> value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Optional<String> value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}

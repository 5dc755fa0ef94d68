package io.sluice.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Two processes' worth of tenancy (two application contexts sharing the real MariaDB database and
 * Redis prefix): the cache answers repeated lookups, remembers misses briefly, and a key revoked
 * in one is refused by the other within a second.
 */
class KeyLookupAcrossProcessesTest {

    private static final TestDatabase DB = new TestDatabase();
    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final String BOOTSTRAP_KEY = "bootstrap-" + UUID.randomUUID();
    private static ConfigurableApplicationContext one;
    private static ConfigurableApplicationContext two;

    /** Tenancy alone. */
    @Configuration(proxyBeanMethods = false)
    @Import(TenancyConfiguration.class)
    static class Wiring {
    }

    @BeforeAll
    static void start() {
        one = run();
        two = run();
        await().atMost(Duration.ofSeconds(60)).until(() -> one.getBean(KeyInvalidations.class).subscribed()
                && two.getBean(KeyInvalidations.class).subscribed());
    }

    private static ConfigurableApplicationContext run() {
        return new SpringApplicationBuilder(Wiring.class).web(WebApplicationType.NONE)
                .properties("sluice.mysql.url=" + DB.url(), "sluice.redis.url=redis://127.0.0.1:6379",
                        "sluice.redis.key-prefix=" + PREFIX, "sluice.tenancy.bootstrap-api-key=" + BOOTSTRAP_KEY,
                        "sluice.tenancy.bootstrap-tenant=boot", "sluice.tenancy.miss-ttl=1s")
                .run();
    }

    @AfterAll
    static void stop() {
        two.close();
        one.close();
        DB.drop();
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys(PREFIX + "*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theBootstrapKeyIsValidForTheBootstrapTenantAfterEveryStart() {
        StepVerifier.create(one.getBean(ApiKeyLookup.class).tenantOf(BOOTSTRAP_KEY)).expectNext("boot").verifyComplete();
        StepVerifier.create(two.getBean(ApiKeyLookup.class).tenantOf(BOOTSTRAP_KEY)).expectNext("boot").verifyComplete();
        assertThat(DB.query("SELECT COUNT(*) FROM api_key WHERE tenant_id = 'boot'")).isEqualTo("1");
        assertThat(DB.query("SELECT COUNT(*) FROM tenant WHERE id = 'boot'")).isEqualTo("1");
    }

    @Test
    void aValidKeyIsAnsweredFromTheCacheWithoutAskingMysqlAgain() {
        // Stored without an announcement, so no late invalidation can race the lookups below.
        TenantStore store = one.getBean(TenantStore.class);
        store.ensureTenant("cache-hit", null).block();
        String key = ApiKeyFormat.generate();
        ApiKeyInfo info = store.ensureKey("cache-hit", "t", key).block();
        ApiKeyLookup lookup = two.getBean(ApiKeyLookup.class);
        StepVerifier.create(lookup.tenantOf(key)).expectNext("cache-hit").verifyComplete();

        // Revoked behind the cache's back (plain SQL, no announcement): the cache still answers.
        DB.update("UPDATE api_key SET revoked_at = 1 WHERE id = " + info.id());
        StepVerifier.create(lookup.tenantOf(key)).expectNext("cache-hit").verifyComplete();
        lookup.invalidateAll();
        StepVerifier.create(lookup.tenantOf(key)).verifyComplete();
    }

    @Test
    void anUnknownKeyIsRememberedOnlyForTheMissTtl() {
        TenantStore store = one.getBean(TenantStore.class);
        store.ensureTenant("cache-miss", null).block();
        String key = ApiKeyFormat.generate();
        ApiKeyLookup lookup = two.getBean(ApiKeyLookup.class);
        StepVerifier.create(lookup.tenantOf(key)).verifyComplete();
        // Stored without an announcement: the miss is remembered, then expires (miss-ttl 1 s).
        store.ensureKey("cache-miss", "late", key).block();
        StepVerifier.create(lookup.tenantOf(key)).verifyComplete();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> "cache-miss".equals(lookup.tenantOf(key).block()));
    }

    @Test
    void aKeyCreatedInOneProcessIsAcceptedAtOnceByAnotherThatCachedItsMiss() {
        String key = ApiKeyFormat.generate();
        // A newly issued key is announced too, so a cached miss elsewhere does not refuse it.
        TenantStore store = one.getBean(TenantStore.class);
        store.ensureTenant("created", null).block();
        IssuedApiKey issued = one.getBean(TenantAdmin.class).createKey("created", "x").block();
        StepVerifier.create(two.getBean(ApiKeyLookup.class).tenantOf(issued.key())).expectNext("created").verifyComplete();
        StepVerifier.create(two.getBean(ApiKeyLookup.class).tenantOf(key)).verifyComplete();
    }

    @Test
    void aKeyRevokedInOneProcessIsRefusedByTheOtherWithinASecond() {
        TenantAdmin admin = one.getBean(TenantAdmin.class);
        admin.createTenant("revoke", null).block();
        IssuedApiKey issued = admin.createKey("revoke", "t").block();
        ApiKeyLookup other = two.getBean(ApiKeyLookup.class);
        StepVerifier.create(other.tenantOf(issued.key())).expectNext("revoke").verifyComplete();

        assertThat(admin.revokeKey(issued.info().id()).block()).isTrue();
        long revokedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> other.tenantOf(issued.key()).blockOptional().isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
        StepVerifier.create(one.getBean(ApiKeyLookup.class).tenantOf(issued.key())).verifyComplete();
        assertThat(admin.revokeKey(issued.info().id()).block()).isFalse();
    }

    @Test
    void aFailingStoreIsReportedAsUnavailableAndNotCached() {
        ApiKeyLookup lookup = new ApiKeyLookup(new TenantStore(null, Clock.systemUTC()) {
            @Override
            public Mono<String> tenantForKeyHash(byte[] hash) {
                return Mono.error(new IllegalStateException("connection refused"));
            }
        }, one.getBean(TenancyProperties.class));
        StepVerifier.create(lookup.tenantOf("any")).expectError(TenancyUnavailableException.class).verify(Duration.ofSeconds(5));
        StepVerifier.create(lookup.tenantOf("any")).expectError(TenancyUnavailableException.class).verify(Duration.ofSeconds(5));
    }
}

package io.sluice.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.platform.mysql.MysqlConfiguration;
import io.sluice.platform.mysql.SchemaMigrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

/** The store against the real MariaDB, in a database of its own. */
class TenantStoreTest {

    private static final TestDatabase DB = new TestDatabase();
    private static ConfigurableApplicationContext context;
    private static TenantStore store;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(Wiring.class)
                .web(WebApplicationType.NONE)
                .properties("sluice.mysql.url=" + DB.url())
                .run();
        store = context.getBean(TenantStore.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        DB.drop();
    }

    /** The store and its schema only (no Redis). */
    @Configuration(proxyBeanMethods = false)
    @Import(MysqlConfiguration.class)
    static class Wiring {
        @Bean
        TenancySchema schema(SchemaMigrator migrator) {
            return new TenancySchema(migrator);
        }

        @Bean
        TenantStore store(DatabaseClient db, TenancySchema schema) {
            return new TenantStore(db, Clock.systemUTC());
        }
    }

    @Test
    void tenantsAreCreatedListedAndNotCreatedTwice() {
        StepVerifier.create(store.createTenant("store-a", "Team A"))
                .assertNext(t -> assertThat(t).extracting(Tenant::id, Tenant::name).containsExactly("store-a", "Team A"))
                .verifyComplete();
        StepVerifier.create(store.createTenant("store-a", "again"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(store.createTenant("Not Valid", null))
                .expectError(IllegalArgumentException.class)
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(store.ensureTenant("store-a", "ignored").then(store.ensureTenant("store-b", null)))
                .verifyComplete();
        assertThat(store.tenants().map(Tenant::id).collectList().block()).contains("store-a", "store-b");
        assertThat(store.tenant("store-a").block().name()).isEqualTo("Team A");
        assertThat(store.tenant("store-b").block().name()).isEqualTo("store-b");
    }

    @Test
    void aKeyIsShownOnceStoredOnlyAsItsSha256AndFindsItsTenantUntilRevoked() {
        store.createTenant("store-keys", null).block();
        IssuedApiKey issued = store.createKey("store-keys", "agents").block();
        assertThat(issued.key()).startsWith("slk_");
        assertThat(issued.toString()).doesNotContain(issued.key());
        assertThat(issued.info().prefix()).isEqualTo(issued.key().substring(0, 8));

        String storedHash = DB.query("SELECT HEX(key_hash) FROM api_key WHERE id = " + issued.info().id());
        assertThat(storedHash.toLowerCase()).isEqualTo(ApiKeyFormat.hashHex(issued.key()));
        assertThat(DB.query("SELECT COUNT(*) FROM api_key WHERE INSTR(CONCAT(name, key_prefix, key_hash), '"
                + issued.key().substring(8) + "') > 0")).isEqualTo("0");

        StepVerifier.create(store.tenantForKeyHash(ApiKeyFormat.hash(issued.key()))).expectNext("store-keys").verifyComplete();
        StepVerifier.create(store.tenantForKeyHash(ApiKeyFormat.hash(issued.key() + "x"))).verifyComplete();
        assertThat(store.keys("store-keys").collectList().block()).singleElement()
                .satisfies(k -> assertThat(k.revoked()).isFalse());

        StepVerifier.create(store.revokeKey(issued.info().id())).expectNext(ApiKeyFormat.hashHex(issued.key())).verifyComplete();
        StepVerifier.create(store.revokeKey(issued.info().id())).verifyComplete();
        StepVerifier.create(store.tenantForKeyHash(ApiKeyFormat.hash(issued.key()))).verifyComplete();
        assertThat(store.keys("store-keys").collectList().block()).singleElement()
                .satisfies(k -> assertThat(k.revoked()).isTrue());
    }

    @Test
    void aKeyForAMissingTenantIsRefused() {
        StepVerifier.create(store.createKey("no-such-tenant", "x"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no tenant"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void ensuringAKeyIsIdempotentAndRefusesAKeyOfAnotherTenant() {
        store.ensureTenant("store-e1", null).then(store.ensureTenant("store-e2", null)).block();
        ApiKeyInfo first = store.ensureKey("store-e1", "bootstrap", "configured-key-0123456789").block();
        ApiKeyInfo second = store.ensureKey("store-e1", "bootstrap", "configured-key-0123456789").block();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(store.keys("store-e1").collectList().block()).hasSize(1);
        StepVerifier.create(store.ensureKey("store-e2", "bootstrap", "configured-key-0123456789"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("store-e1"))
                .verify(Duration.ofSeconds(10));
        store.revokeKey(first.id()).block();
        assertThat(store.ensureKey("store-e1", "bootstrap", "configured-key-0123456789").block().revoked()).isTrue();
    }

    @Test
    void aLookupTheStoreDoesNotAnswerInTimeFailsAsUnavailableAndIsNotRemembered() throws Exception {
        store.ensureTenant("store-slow", null).block();
        IssuedApiKey issued = store.createKey("store-slow", "agents").block();
        ApiKeyLookup lookup = new ApiKeyLookup(store, new TenancyProperties(null, "default", 100,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(500)));
        try (Connection locker = DriverManager.getConnection(DB.url.jdbcUrl(), DB.url.user(), DB.url.password());
                Statement s = locker.createStatement()) {
            s.execute("LOCK TABLES api_key WRITE");
            StepVerifier.create(lookup.tenantOf(issued.key()))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TenancyUnavailableException.class)
                            .hasRootCauseMessage("no answer from the tenant store within 500 ms"))
                    .verify(Duration.ofSeconds(30));
            s.execute("UNLOCK TABLES");
        }
        StepVerifier.create(lookup.tenantOf(issued.key())).expectNext("store-slow").expectComplete().verify(Duration.ofSeconds(30));
    }
}

package io.sluice.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.support.RawPush;
import io.sluice.ingest.support.RunningIngest;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.ApiKeyInfo;
import io.sluice.platform.tenant.ApiKeyLookup;
import io.sluice.platform.tenant.TenantAdmin;
import io.sluice.platform.tenant.TenantStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every ingest input authenticates: without a valid key HTTP answers 401 with
 * {@code WWW-Authenticate: Bearer} and gRPC UNAUTHENTICATED; a key used for another tenant gets
 * 403 / PERMISSION_DENIED; nothing of a refused request is stored; accepted events carry the key's
 * tenant. Two ingest instances share one tenant store: a key revoked through one is refused by the
 * other within a second.
 */
class IngestAuthenticationTest {

    private static final long T0 = 1_764_000_000_000_000_000L;
    private static RunningIngest ingest;
    private static RunningIngest second;
    private static String acmeKey;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of());
        second = RunningIngest.start(Map.of(
                "sluice.redis.key-prefix", ingest.prefix(),
                "sluice.mysql.url", ingest.context().getEnvironment().getProperty("sluice.mysql.url"),
                "sluice.tenancy.bootstrap-api-key", ingest.apiKey()));
        acmeKey = ingest.newTenantKey("acme-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        second.close();
        ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        ingest.clearKeys();
    }

    @Test
    void httpWithoutAKeyIsRefused401WithABearerChallengeAndNothingIsStored() {
        post(ingest.httpWithoutKey(), Map.of())
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"sluice\"")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo(ApiKeys.MISSING);
        post(ingest.httpWithoutKey(), Map.of("Authorization", "Bearer " + ApiKeyFormat.generate()))
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo(ApiKeys.UNKNOWN);
        post(ingest.httpWithoutKey(), Map.of("Authorization", "Token abc"))
                .expectStatus().isUnauthorized();
        assertThat(ingest.storedEvents()).isEmpty();
    }

    @Test
    void httpEventsAreStoredUnderTheKeysTenantWhicheverHeaderCarriesIt() {
        String tenant = tenantOf(acmeKey);
        post(ingest.httpWithoutKey(), Map.of("Authorization", "Bearer " + acmeKey)).expectStatus().isOk();
        post(ingest.httpWithoutKey(), Map.of("X-Sluice-Api-Key", acmeKey, "X-Sluice-Tenant", tenant)).expectStatus().isOk();
        String basic = Base64.getEncoder().encodeToString(("loki:" + acmeKey).getBytes(StandardCharsets.UTF_8));
        post(ingest.httpWithoutKey(), Map.of("Authorization", "Basic " + basic)).expectStatus().isOk();
        post(ingest.http(), Map.of()).expectStatus().isOk();

        assertThat(ingest.storedEvents()).extracting(LogEvent::getTenant)
                .containsExactly(tenant, tenant, tenant, RunningIngest.TENANT);
    }

    @Test
    void httpWithAKeyOfAnotherTenantThanTheNamedOneIsRefused403AndNothingIsStored() {
        post(ingest.httpWithoutKey(), Map.of("Authorization", "Bearer " + acmeKey, "X-Sluice-Tenant", RunningIngest.TENANT))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("key belongs to another tenant");
        assertThat(ingest.storedEvents()).isEmpty();
    }

    @Test
    void grpcWithoutAValidKeyIsUnauthenticatedAndNothingIsStored() {
        StatusRuntimeException missing = push(ingest.channelWithKey(null));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(missing.getStatus().getDescription()).isEqualTo(ApiKeys.MISSING);

        StatusRuntimeException unknown = push(ingest.channelWithKey(ApiKeyFormat.generate()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(unknown.getStatus().getDescription()).isEqualTo(ApiKeys.UNKNOWN);

        // Even a malformed request learns nothing but that it is unauthenticated.
        StatusRuntimeException raw = catchThrowableOfType(StatusRuntimeException.class,
                () -> RawPush.call(ingest.channelWithKey(null), new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}));
        assertThat(raw.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(ingest.storedEvents()).isEmpty();
    }

    @Test
    void grpcStoresUnderTheKeysTenantAndRefusesAnotherNamedTenant() {
        String tenant = tenantOf(acmeKey);
        Metadata bare = new Metadata();
        bare.put(ApiKeys.GRPC_API_KEY, acmeKey);
        bare.put(ApiKeys.GRPC_TENANT, tenant);
        PushResponse ok = IngestServiceGrpc.newBlockingStub(with(bare)).withDeadlineAfter(60, TimeUnit.SECONDS).push(batch("named"));
        assertThat(ok.getAccepted()).isEqualTo(1);

        Metadata other = new Metadata();
        other.put(ApiKeys.GRPC_AUTHORIZATION, "Bearer " + acmeKey);
        other.put(ApiKeys.GRPC_TENANT, RunningIngest.TENANT);
        StatusRuntimeException denied = push(with(other));
        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(denied.getStatus().getDescription()).isEqualTo("key belongs to another tenant");

        assertThat(ingest.storedEvents()).extracting(LogEvent::getTenant).containsExactly(tenant);
    }

    @Test
    void aKeyRevokedThroughOneInstanceIsRefusedByTheOtherWithinASecond() {
        String tenant = "revoke-" + UUID.randomUUID().toString().substring(0, 8);
        String key = ingest.newTenantKey(tenant);
        WebTestClient viaSecond = second.httpWithoutKey();
        post(viaSecond, Map.of("Authorization", "Bearer " + key)).expectStatus().isOk();
        IngestServiceGrpc.newBlockingStub(second.channelWithKey(key)).withDeadlineAfter(60, TimeUnit.SECONDS).push(batch("before"));

        TenantAdmin admin = ingest.context().getBean(TenantAdmin.class);
        ApiKeyInfo stored = ingest.context().getBean(TenantStore.class).keys(tenant).blockFirst();
        assertThat(admin.revokeKey(stored.id()).block()).isTrue();
        long revoked = System.nanoTime();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(25)).until(() ->
                viaSecondStatus(viaSecond, key) == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
        assertThat(push(second.channelWithKey(key)).getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(ingest.storedEvents()).extracting(LogEvent::getTenant).containsOnly(tenant).hasSize(2);
    }

    private static int viaSecondStatus(WebTestClient client, String key) {
        return post(client, Map.of("Authorization", "Bearer " + key)).returnResult(String.class).getStatus().value();
    }

    private static String tenantOf(String key) {
        return ingest.context().getBean(ApiKeyLookup.class).tenantOf(key).block();
    }

    private static Channel with(Metadata metadata) {
        return ClientInterceptors.intercept(ingest.rawChannel(), MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    private static StatusRuntimeException push(Channel channel) {
        return catchThrowableOfType(StatusRuntimeException.class,
                () -> IngestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).push(batch("refused")));
    }

    private static LogBatch batch(String message) {
        return LogBatch.newBuilder()
                .addEvents(LogEvent.newBuilder().setTimestampUnixNanos(T0).setService("svc").setMessage(message))
                .build();
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, Map<String, String> headers) {
        return client.post().uri(HttpIngestHandler.PATH)
                .headers(h -> headers.forEach(h::set))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"timestamp\":1764000000000,\"service\":\"checkout\",\"message\":\"hello\"}]")
                .exchange();
    }
}

package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.TenantAdmin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4, must-show 2, through the whole pipeline (each service its own instance): events sent
 * with tenant A's key, over HTTP and gRPC, are archived and counted for A and are never returned to
 * tenant B's key by the search or stats APIs (nor to anyone without a key); a wrong key, or a key
 * used for another tenant, stores nothing.
 */
class TenantIsolationEndToEndTest {

    private static final int A_HTTP = 30;
    private static final int A_GRPC = 20;
    private static final int B_HTTP = 7;
    private static Cluster cluster;
    private static ManagedChannel channel;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void startServices() {
        cluster = new Cluster().start();
        TenantAdmin admin = cluster.ingest.getBean(TenantAdmin.class);
        keyA = admin.createTenant("tenant-a", "Tenant A").then(admin.createKey("tenant-a", "isolation test")).block().key();
        keyB = admin.createTenant("tenant-b", "Tenant B").then(admin.createKey("tenant-b", "isolation test")).block().key();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", cluster.ingestGrpcPort).usePlaintext().build();
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eventsOfTenantAAreNeverVisibleToTenantBAndAWrongKeyStoresNothing() {
        Instant from = Instant.now().minusSeconds(60);
        String ingest = cluster.baseUrl(cluster.ingest) + "/api/v1/logs";

        // Refused: no key, an unknown key, a revoked-looking random slk_ key, A's key naming tenant B.
        assertThat(Http.post(ingest, "application/x-ndjson", lines("A-secret", 5)).status()).isEqualTo(401);
        assertThat(Http.post(ingest, "application/x-ndjson", lines("A-secret", 5), ApiKeyFormat.generate()).status()).isEqualTo(401);
        Http.Response otherTenant = Http.send(HttpRequest.newBuilder(URI.create(ingest))
                .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + keyA)
                .header("X-Sluice-Tenant", "tenant-b").POST(HttpRequest.BodyPublishers.ofString(lines("A-secret", 5))));
        assertThat(otherTenant.status()).isEqualTo(403);
        assertThat(grpcStatus(ApiKeyFormat.generate(), null)).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(grpcStatus(null, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(grpcStatus(keyA, "tenant-b")).isEqualTo(Status.Code.PERMISSION_DENIED);

        // Accepted: A over HTTP and gRPC, B over HTTP.
        Http.Response a = Http.post(ingest, "application/x-ndjson", lines("A-secret", A_HTTP), keyA);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        LogBatch.Builder batch = LogBatch.newBuilder();
        for (int i = 0; i < A_GRPC; i++) {
            batch.addEvents(LogEvent.newBuilder().setTimestampUnixNanos(System.currentTimeMillis() * 1_000_000L)
                    .setService("isolation").setHost("h").setLevel("ERROR").setMessage("A-secret grpc " + i));
        }
        assertThat(IngestServiceGrpc.newBlockingStub(withKey(keyA, null)).withDeadlineAfter(30, TimeUnit.SECONDS)
                .push(batch.build()).getAccepted()).isEqualTo(A_GRPC);
        Http.Response b = Http.post(ingest, "application/x-ndjson", lines("B-own", B_HTTP), keyB);
        assertThat(b.status()).as(b.body()).isEqualTo(200);

        int total = A_HTTP + A_GRPC + B_HTTP;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> cluster.sql("SELECT COUNT(*) FROM log_event") >= total);
        String range = "&from=" + from.toEpochMilli() + "&to=" + Instant.now().plusSeconds(60).toEpochMilli();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> statsTotal(keyA, range) == A_HTTP + A_GRPC && statsTotal(keyB, range) == B_HTTP);

        // Nothing of the refused requests was stored.
        assertThat(cluster.sql("SELECT COUNT(*) FROM log_event")).isEqualTo(total);
        assertThat(cluster.sql("SELECT COUNT(*) FROM log_event WHERE tenant = 'tenant-a'")).isEqualTo(A_HTTP + A_GRPC);
        assertThat(cluster.sql("SELECT COUNT(*) FROM log_event WHERE tenant = 'tenant-b'")).isEqualTo(B_HTTP);

        String admin = cluster.baseUrl(cluster.admin) + "/api/v1/search?limit=1000&query=";
        JsonNode seenByB = Http.get(admin + Http.enc("{service=\"isolation\"}") + range, keyB).json();
        assertThat(seenByB.get("total").asLong()).isEqualTo(B_HTTP);
        assertThat(seenByB.get("events").valueStream().map(e -> e.get("tenant").asString())).containsOnly("tenant-b");
        assertThat(seenByB.get("events").valueStream().map(e -> e.get("message").asString())).allMatch(m -> m.startsWith("B-own"));
        assertThat(Http.get(admin + Http.enc("{service=\"isolation\"} |= \"A-secret\"") + range, keyB).json().get("total").asLong())
                .isZero();
        assertThat(Http.get(admin + Http.enc("{}") + range, keyB).json().get("total").asLong()).isEqualTo(B_HTTP);

        JsonNode seenByA = Http.get(admin + Http.enc("{service=\"isolation\"}") + range, keyA).json();
        assertThat(seenByA.get("total").asLong()).isEqualTo(A_HTTP + A_GRPC);
        assertThat(seenByA.get("events").valueStream().map(e -> e.get("tenant").asString())).containsOnly("tenant-a");

        // Asking for the other tenant explicitly, or without a key, is refused.
        Http.Response forbidden = Http.send(HttpRequest.newBuilder(URI.create(admin + Http.enc("{}") + range))
                .header("Authorization", "Bearer " + keyB).header("X-Sluice-Tenant", "tenant-a").GET());
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(Http.get(admin + Http.enc("{}") + range).status()).isEqualTo(401);
        String stats = cluster.baseUrl(cluster.analytics) + "/api/v1/stats?" + range.substring(1);
        assertThat(Http.get(stats + "&tenant=tenant-a", keyB).status()).isEqualTo(403);
        assertThat(Http.get(stats).status()).isEqualTo(401);
        assertThat(statsTotal(keyB, range)).isEqualTo(B_HTTP);
    }

    private static long statsTotal(String key, String range) {
        Http.Response r = Http.get(cluster.baseUrl(cluster.analytics) + "/api/v1/stats?" + range.substring(1), key);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("totals").get("events").asLong();
    }

    private static String lines(String prefix, int n) {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ndjson.append("{\"timestamp\":").append(System.currentTimeMillis())
                    .append(",\"service\":\"isolation\",\"host\":\"h\",\"level\":\"INFO\",\"message\":\"")
                    .append(prefix).append(" http ").append(i).append("\"}\n");
        }
        return ndjson.toString();
    }

    private static Status.Code grpcStatus(String key, String tenant) {
        LogBatch batch = LogBatch.newBuilder().addEvents(LogEvent.newBuilder()
                .setTimestampUnixNanos(System.currentTimeMillis() * 1_000_000L).setService("isolation").setMessage("A-secret refused")).build();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> IngestServiceGrpc.newBlockingStub(withKey(key, tenant)).withDeadlineAfter(30, TimeUnit.SECONDS).push(batch));
        return e == null ? Status.Code.OK : e.getStatus().getCode();
    }

    private static Channel withKey(String key, String tenant) {
        Metadata metadata = new Metadata();
        if (key != null) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        }
        if (tenant != null) {
            metadata.put(Metadata.Key.of("x-sluice-tenant", Metadata.ASCII_STRING_MARSHALLER), tenant);
        }
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata));
    }
}

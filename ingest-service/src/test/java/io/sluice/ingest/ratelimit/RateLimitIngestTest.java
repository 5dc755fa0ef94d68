package io.sluice.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.intake.Input;
import io.sluice.ingest.intake.Intake;
import io.sluice.ingest.intake.IntakeResult;
import io.sluice.ingest.support.RunningIngest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A running ingest-service whose default tenant has a tiny rate limit (2 events/s, burst 50 s: a
 * budget of 100 events that refills too slowly for a loaded test machine to matter) and tenant
 * {@code quick} 10 events/s with a 10 s burst, while every other tenant keeps the generous
 * defaults: over the limit, HTTP answers 429 with Retry-After and gRPC RESOURCE_EXHAUSTED with
 * {@code retry-after-ms}, and nothing is stored.
 */
class RateLimitIngestTest {

    private static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of(
                "sluice.ingest.limits.tenants.default.events-per-second", 2,
                "sluice.ingest.limits.tenants.default.burst", "50s",
                "sluice.ingest.limits.tenants.quick.events-per-second", 10,
                "sluice.ingest.limits.tenants.quick.burst", "10s"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
    }

    @BeforeEach
    void emptyTheBufferAndTheBudgets() {
        ingest.clearKeys();
    }

    @Test
    void answersHttp429WithRetryAfterAndStoresNothingOnceTheTenantIsOverItsLimit() {
        post(100).expectStatus().isOk().expectBody().jsonPath("$.accepted").isEqualTo(100);

        post(50).expectStatus().isEqualTo(429)
                // 50 events at 2/s: 25 s until the budget has room for them again.
                .expectHeader().value("Retry-After", value -> assertThat(Integer.parseInt(value)).isBetween(15, 25))
                .expectBody()
                .jsonPath("$.accepted").isEqualTo(0)
                .jsonPath("$.error").value(error -> assertThat((String) error)
                        .startsWith("tenant 'default' is over its rate limit of 2 events/s (burst 50000 ms); "
                                + "nothing of this request was stored; retry in "));

        assertThat(ingest.storedEvents()).hasSize(100);
    }

    @Test
    void answersGrpcResourceExhaustedWithTheRetryAfterMsTrailerAndStoresNothing() {
        var stub = IngestServiceGrpc.newBlockingStub(ingest.channel()).withDeadlineAfter(60, TimeUnit.SECONDS);
        assertThat(stub.push(batch(100)).getAccepted()).isEqualTo(100);

        assertThatThrownBy(() -> stub.push(batch(40)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).contains("over its rate limit of 2 events/s");
                    // 40 events at 2/s: about 20 s until the budget has room for them again.
                    assertThat(Long.parseLong(e.getTrailers().get(RETRY_AFTER_MS))).isBetween(10_000L, 20_000L);
                });

        assertThat(ingest.storedEvents()).hasSize(100);
    }

    @Test
    void admitsTheSameRequestAgainOnceTheHintedTimeHasPassed() throws InterruptedException {
        Intake intake = ingest.context().getBean(Intake.class);
        assertThat(submit(intake, "quick", 100)).isInstanceOf(IntakeResult.Stored.class);
        IntakeResult limited = submit(intake, "quick", 30);
        assertThat(limited).isInstanceOf(IntakeResult.Limited.class);
        assertThat(((IntakeResult.Limited) limited).retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));

        Thread.sleep(((IntakeResult.Limited) limited).retryAfter().toMillis() + 5); // the wait the client is told to do

        assertThat(submit(intake, "quick", 30)).isInstanceOf(IntakeResult.Stored.class);
        assertThat(ingest.storedEvents()).hasSize(130);
    }

    @Test
    void anotherTenantIsNotLimitedWhileTheDefaultTenantIs() {
        Intake intake = ingest.context().getBean(Intake.class);
        assertThat(submit(intake, "default", 100)).isInstanceOf(IntakeResult.Stored.class);
        assertThat(submit(intake, "default", 10)).isInstanceOf(IntakeResult.Limited.class);

        for (int i = 0; i < 20; i++) {
            assertThat(submit(intake, "other", 1000)).isInstanceOf(IntakeResult.Stored.class);
        }
        assertThat(ingest.storedEvents().stream().collect(Collectors.groupingBy(LogEvent::getTenant, Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("default", 100L, "other", 20_000L));
    }

    private static IntakeResult submit(Intake intake, String tenant, int events) {
        return intake.submit(Input.HTTP, tenant, batch(events).getEventsList(), "").block(Duration.ofSeconds(30));
    }

    private static WebTestClient.ResponseSpec post(int events) {
        String body = IntStream.range(0, events)
                .mapToObj(i -> "{\"service\":\"svc\",\"message\":\"line " + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        return ingest.http().post().uri(HttpIngestHandler.PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static LogBatch batch(int events) {
        LogBatch.Builder batch = LogBatch.newBuilder();
        for (int i = 0; i < events; i++) {
            batch.addEvents(LogEvent.newBuilder().setService("svc").setMessage("line " + i));
        }
        return batch.build();
    }
}

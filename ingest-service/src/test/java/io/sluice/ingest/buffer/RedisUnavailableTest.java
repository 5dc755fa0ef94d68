package io.sluice.ingest.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.support.RunningIngest;
import io.sluice.ingest.support.TcpProxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Ingest in front of a Redis it reaches through a TCP proxy that the test takes down: requests must
 * be answered 503 / UNAVAILABLE instead of acknowledged, and storing must resume once Redis is
 * reachable again. Requests answered 503 / UNAVAILABLE while it was down are not written later
 * (Lettuce drops the timed-out, cancelled commands instead of replaying them on reconnect).
 */
class RedisUnavailableTest {

    private static TcpProxy proxy;
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        proxy = new TcpProxy(6379).start();
        ingest = RunningIngest.start(Map.of(
                "sluice.redis.url", "redis://127.0.0.1:" + proxy.port(),
                "sluice.ingest.redis-timeout", "1s"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
        proxy.close();
    }

    @Test
    void answersUnavailableWhileRedisIsUnreachableAndStoresAgainOnceItIsBack() {
        WebTestClient http = ingest.http();
        IngestServiceGrpc.IngestServiceBlockingStub grpc = IngestServiceGrpc.newBlockingStub(ingest.channel())
                .withDeadlineAfter(60, TimeUnit.SECONDS);
        post(http, "before").expectStatus().isOk();

        proxy.stop();

        post(http, "during").expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectBody()
                .jsonPath("$.error").value(error -> assertThat((String) error)
                        .startsWith("the log buffer (Redis) is unavailable"))
                .jsonPath("$.accepted").isEqualTo(0);
        assertThatThrownBy(() -> grpc.push(LogBatch.newBuilder().addEvents(event("during")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).startsWith("the log buffer (Redis) is unavailable");
                    assertThat(e.getTrailers().get(io.grpc.Metadata.Key.of("retry-after-ms", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
                            .as("retry hint for the agent").isEqualTo("1000");
                });

        proxy.start();

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(http, "after").returnResult(String.class).getStatus().value() == 200);
        assertThat(grpc.push(LogBatch.newBuilder().addEvents(event("after grpc")).build()).getAccepted()).isEqualTo(1);
        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage)
                .contains("before", "after", "after grpc")
                .doesNotContain("during");
    }

    private static WebTestClient.ResponseSpec post(WebTestClient http, String message) {
        return http.post().uri(HttpIngestHandler.PATH).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"timestamp\":1764000000000,\"service\":\"svc\",\"message\":\"" + message + "\"}]")
                .exchange();
    }

    private static LogEvent event(String message) {
        return LogEvent.newBuilder().setTimestampUnixNanos(1_764_000_000_000_000_000L).setService("svc").setMessage(message).build();
    }
}

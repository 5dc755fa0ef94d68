package io.sluice.ingest.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.http.HttpIngestHandler;
import io.sluice.ingest.support.RunningIngest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The per-event limits with their default window (7d back, 10m ahead) through a running ingest's HTTP and gRPC inputs. */
class EventLimitsIngestTest {

    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of(
                "sluice.ingest.limits.max-age", "7d",
                "sluice.ingest.max-message-length", "1KB",
                "sluice.ingest.limits.max-attributes", 4));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        ingest.clearKeys();
    }

    @Test
    void httpStoresOutOfOrderEventsInTheWindowTruncatesLongLinesAndRejectsOnlyWhatIsOutsideTheWindow() {
        Instant now = Instant.now();
        String body = """
                [{"timestamp":"%s","service":"svc","message":"an hour ago"},
                 {"timestamp":"%s","service":"svc","message":"six days ago"},
                 {"timestamp":"%s","service":"svc","message":"eight days ago"},
                 {"service":"svc","message":"no timestamp"},
                 {"timestamp":"%s","service":"svc","message":"a day ahead"},
                 {"timestamp":"%s","service":"svc","message":"%s"},
                 {"timestamp":"%s","service":"svc","message":"labels","attributes":{"a":1,"b":2,"c":3,"d":4,"e":5}}]
                """.formatted(now.minusSeconds(3600), now.minus(Duration.ofDays(6)), now.minus(Duration.ofDays(8)),
                now.plus(Duration.ofDays(1)), now, "ü".repeat(600), now);

        ingest.http().post().uri(HttpIngestHandler.PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.accepted").isEqualTo(4)
                .jsonPath("$.rejected").isEqualTo(3)
                .jsonPath("$.errors[0].reason").value(reason -> assertThat((String) reason)
                        .startsWith("event 2: timestamp " + now.minus(Duration.ofDays(8)).toString().substring(0, 10))
                        .contains("is older than the 7d ingest window"))
                .jsonPath("$.errors[1].reason").value(reason -> assertThat((String) reason)
                        .startsWith("event 4: timestamp").contains("is more than 10m in the future"))
                .jsonPath("$.errors[2].reason").isEqualTo("event 6: has more than 4 attributes; at most 4 are accepted per event");

        List<LogEvent> stored = ingest.storedEvents();
        assertThat(stored).extracting(LogEvent::getMessage).hasSize(4)
                .startsWith("an hour ago", "six days ago", "no timestamp");
        long received = stored.get(2).getTimestampUnixNanos();
        assertThat(received).isBetween(toNanos(now.minusSeconds(5)), toNanos(Instant.now()));
        LogEvent truncated = stored.get(3);
        assertThat(truncated.getMessage()).isEqualTo("ü".repeat(512));
        assertThat(truncated.getAttributesJson()).isEqualTo("{\"sluice.truncated\":true,\"sluice.originalLength\":1200}");
    }

    @Test
    void grpcTruncatesAnOverlongMessageInsteadOfRejectingIt() {
        var stub = IngestServiceGrpc.newBlockingStub(ingest.channel()).withDeadlineAfter(60, TimeUnit.SECONDS);

        PushResponse response = stub.push(LogBatch.newBuilder()
                .addEvents(LogEvent.newBuilder().setService("svc").setMessage("x".repeat(5000)).setAttributesJson("{\"k\":\"v\"}"))
                .build());

        assertThat(response.getAccepted()).isEqualTo(1);
        LogEvent stored = ingest.storedEvents().get(0);
        assertThat(stored.getMessage()).hasSize(1024);
        assertThat(stored.getAttributesJson()).isEqualTo("{\"k\":\"v\",\"sluice.truncated\":true,\"sluice.originalLength\":5000}");
    }

    private static long toNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

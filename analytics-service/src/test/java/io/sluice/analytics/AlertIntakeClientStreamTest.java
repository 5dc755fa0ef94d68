package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.analytics.match.AlertIntakeClient;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

/**
 * The findings stream of {@link AlertIntakeClient} against a real gRPC server over Netty on a
 * loopback port: one stream carries every report, the window bounds what is unacknowledged, and a
 * server restart fails what was outstanding so that it is retried and counted once.
 */
class AlertIntakeClientStreamTest {

    private static final int WINDOW = 4;

    RecordingAlertIntake alert;
    AlertIntakeClient client;

    @BeforeEach
    void start() throws Exception {
        alert = new RecordingAlertIntake(List.of());
        client = new AlertIntakeClient("static://127.0.0.1:" + alert.port(), Duration.ofSeconds(60), WINDOW);
    }

    @AfterEach
    void stop() throws Exception {
        client.destroy();
        alert.close();
    }

    @Test
    void manyReportsGoOverOneStreamAndEachCompletesWithItsOwnAck() {
        List<String> ids = ids(300);

        StepVerifier.create(Flux.fromIterable(ids).flatMap(id -> client.report(batch(id)).map(applied -> id + "=" + applied), ids.size())
                        .collectList())
                .assertNext(acks -> assertThat(acks).containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> id + "=true").toList()))
                .expectComplete()
                .verify(Duration.ofSeconds(60));

        assertThat(alert.applied).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(alert.streamsOpened).hasValue(1);
        assertThat(alert.maxReceivedUnacked.get()).isBetween(1, WINDOW);
        StepVerifier.create(client.report(batch(ids.get(7)))).expectNext(false).expectComplete().verify(Duration.ofSeconds(60));
    }

    @Test
    void aSlowIntakeNeverHasMoreThanTheWindowUnacknowledged() {
        alert.hold();
        List<String> ids = ids(20);
        Mono<List<Boolean>> all = Flux.fromIterable(ids).flatMap(id -> client.report(batch(id)), ids.size()).collectList().cache();
        all.subscribe(ok -> { }, e -> { });

        await().atMost(Duration.ofSeconds(60)).until(() -> alert.receivedUnacked.get() == WINDOW);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(60))
                .until(() -> alert.receivedUnacked.get() == WINDOW && alert.reports.size() == WINDOW);

        alert.release();
        await().atMost(Duration.ofSeconds(60)).until(() -> alert.reports.size() >= WINDOW * 2);
        alert.release();
        StepVerifier.create(all).assertNext(acks -> assertThat(acks).hasSize(ids.size()).containsOnly(true))
                .expectComplete().verify(Duration.ofSeconds(60));
        assertThat(alert.maxReceivedUnacked).hasValue(WINDOW);
        assertThat(alert.applied).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aServerRestartFailsTheOutstandingReportsWhichRetryAndCountOnce() throws Exception {
        alert.hold();
        List<String> ids = ids(WINDOW);
        Mono<List<Boolean>> firstTry = Flux.fromIterable(ids).flatMap(id -> client.report(batch(id)), ids.size()).collectList().cache();
        firstTry.subscribe(ok -> { }, e -> { });
        await().atMost(Duration.ofSeconds(60)).until(() -> alert.receivedUnacked.get() == WINDOW);

        alert.restart();

        StepVerifier.create(firstTry).expectError().verify(Duration.ofSeconds(60));
        StepVerifier.create(Flux.fromIterable(ids)
                        .flatMap(id -> client.report(batch(id)).retryWhen(Retry.backoff(50, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1))))
                        .collectList())
                .assertNext(acks -> assertThat(acks).as("every batch had been stored before the restart").containsOnly(false))
                .expectComplete().verify(Duration.ofSeconds(60));
        assertThat(alert.applied).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(alert.streamsOpened.get()).isGreaterThanOrEqualTo(2);
    }

    private static List<String> ids(int n) {
        String run = UUID.randomUUID().toString();
        return IntStream.range(0, n).mapToObj(i -> "h_findstream_" + run + "/" + i).toList();
    }

    private static FindingsBatch batch(String id) {
        return FindingsBatch.newBuilder().setBatchId(id)
                .addMatches(MatchCount.newBuilder().setRuleId(1).setBucketStartMillis(1_767_571_200_000L).setCount(1)).build();
    }
}

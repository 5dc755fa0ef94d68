package io.sluice.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.alert.intake.MatchBuckets;
import io.sluice.common.proto.alert.v1.AlertIntakeGrpc;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code AlertIntake.ReportStream} of the real alert-service over a real gRPC connection, with
 * buckets in the real Redis: one stream carries many batches, every batch gets one ack naming it,
 * redelivered batches are acknowledged but counted once, and a batch that cannot be stored is
 * answered with an error ack while the stream goes on.
 */
@SpringBootTest(classes = AlertApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.port=0",
        "sluice.alert.evaluation-interval=1s"})
@DirtiesContext
@Import(FindingsStreamIntakeTest.Cleanup.class)
class FindingsStreamIntakeTest {

    private static final String DATABASE = "h_findstream_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private static final String PREFIX = "h_findstream_" + UUID.randomUUID() + ":";

    @Autowired
    GrpcServerLifecycle grpcServer;

    @Autowired
    MatchBuckets buckets;

    ManagedChannel channel;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", () -> "mysql://root@127.0.0.1:3306/" + DATABASE);
        registry.add("sluice.redis.url", () -> "redis://127.0.0.1:6379");
        registry.add("sluice.redis.key-prefix", () -> PREFIX);
    }

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void manyBatchesOverOneStreamAreEachAcknowledgedByIdAndCountedOnce() throws Exception {
        long rule = 900_001;
        long bucket = System.currentTimeMillis() / 1000 * 1000;
        List<FindingsBatch> batches = new ArrayList<>();
        IntStream.range(0, 400).forEach(i -> batches.add(batch("h_findstream/many/" + i, rule, bucket, 1)));
        IntStream.range(0, 50).forEach(i -> batches.add(batch("h_findstream/many/" + i, rule, bucket, 1)));

        List<FindingsAck> acks = exchange(batches);

        assertThat(acks).hasSize(450).allSatisfy(ack -> assertThat(ack.getErrorCode()).isEmpty());
        assertThat(acks.stream().filter(FindingsAck::getApplied).map(FindingsAck::getBatchId))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 400).mapToObj(i -> "h_findstream/many/" + i).toList());
        assertThat(acks.stream().filter(a -> !a.getApplied()).map(FindingsAck::getBatchId))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).mapToObj(i -> "h_findstream/many/" + i).toList());
        assertThat(buckets.sum(rule, 60_000, bucket + 1000).block(Duration.ofSeconds(60))).isEqualTo(400);
    }

    @Test
    void aBatchThatCannotBeStoredGetsAnErrorAckAndTheStreamGoesOn() throws Exception {
        long rule = 900_002;
        long bucket = System.currentTimeMillis() / 1000 * 1000;

        List<FindingsAck> acks = exchange(List.of(batch("h_findstream/bad", rule, bucket, -1), batch("h_findstream/good", rule, bucket, 3)));

        assertThat(acks).hasSize(2);
        assertThat(acks).filteredOn(a -> a.getBatchId().equals("h_findstream/bad")).singleElement().satisfies(a -> {
            assertThat(a.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
            assertThat(a.getErrorMessage()).contains("count");
            assertThat(a.getApplied()).isFalse();
        });
        assertThat(acks).filteredOn(a -> a.getBatchId().equals("h_findstream/good")).singleElement()
                .satisfies(a -> assertThat(a.getApplied()).isTrue());
        assertThat(buckets.sum(rule, 60_000, bucket + 1000).block(Duration.ofSeconds(60))).isEqualTo(3);
    }

    /** Sends every batch over one stream, half-closes, and returns the acks once the server completed. */
    private List<FindingsAck> exchange(List<FindingsBatch> batches) throws Exception {
        List<FindingsAck> acks = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<FindingsBatch> requests = AlertIntakeGrpc.newStub(channel).reportStream(new StreamObserver<>() {
            @Override
            public void onNext(FindingsAck ack) {
                acks.add(ack);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        batches.forEach(requests::onNext);
        requests.onCompleted();
        done.get(60, TimeUnit.SECONDS);
        return acks;
    }

    private static FindingsBatch batch(String id, long rule, long bucket, long count) {
        return FindingsBatch.newBuilder().setBatchId(id)
                .addMatches(MatchCount.newBuilder().setRuleId(rule).setBucketStartMillis(bucket).setCount(count)).build();
    }

    /** Drops the test's database and Redis keys once the context has stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean findingsStreamCleanup() {
            return () -> {
                RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
                try (StatefulRedisConnection<String, String> redis = client.connect()) {
                    ScanIterator<String> keys = ScanIterator.scan(redis.sync(), ScanArgs.Builder.matches(PREFIX + "*").limit(500));
                    while (keys.hasNext()) {
                        redis.sync().del(keys.next());
                    }
                } finally {
                    client.shutdown();
                }
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
                }
            };
        }
    }
}

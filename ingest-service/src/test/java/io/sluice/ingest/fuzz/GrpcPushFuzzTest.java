package io.sluice.ingest.fuzz;

import static io.sluice.ingest.fuzz.FuzzSupport.FRAMES;
import static io.sluice.ingest.fuzz.FuzzSupport.VALID_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.auth.ApiKeys;
import io.sluice.ingest.support.RawPush;
import io.sluice.ingest.support.RunningIngest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Issue 4, must-show 4 for the agent's input: 10,000 (by default) random and mutated
 * LogBatch frames, sent as raw bytes through a gRPC channel with a byte[] marshaller, while valid
 * batches are pushed in parallel on another connection, all with the API key. Every keyed fuzz call
 * ends (deadline) with OK or INVALID_ARGUMENT and a description; every 50th call carries no key and
 * every 50th a wrong one, and those end UNAUTHENTICATED saying so; every valid event is stored once; the server keeps serving,
 * its heap does not grow, and it holds no connection once the clients are gone.
 */
class GrpcPushFuzzTest {

    private static final int VALID_BATCHES = 300;
    private static final int VALID_PER_BATCH = 10;
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
    }

    @Test
    void randomAndMutatedPushFramesGetCleanErrorsWhileValidBatchesSentAlongsideAreAllStored() throws InterruptedException {
        Mutator mutator = new Mutator(FuzzSupport.seed("gRPC Push"), seeds());
        ManagedChannel fuzzConnection = channel();
        ManagedChannel validConnection = channel();
        Channel fuzzChannel = withKey(fuzzConnection, ingest.apiKey());
        Channel wrongKeyChannel = withKey(fuzzConnection, "not-a-key-" + UUID.randomUUID());
        Channel validChannel = withKey(validConnection, ingest.apiKey());
        long heapBefore = FuzzSupport.usedHeapAfterGc();
        Map<Status.Code, Long> outcomes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unclean = new ConcurrentLinkedQueue<>();
        AtomicLong validAccepted = new AtomicLong();
        ConcurrentLinkedQueue<String> validFailures = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();

        Flux<Void> fuzz = Flux.range(0, FRAMES)
                .flatMap(i -> {
                    // Most frames carry the key, as a real agent's do; every 50th none and every 50th a wrong one.
                    String refusal = i % 50 == 0 ? ApiKeys.MISSING : i % 50 == 25 ? ApiKeys.UNKNOWN : null;
                    Channel channel = i % 50 == 0 ? fuzzConnection : i % 50 == 25 ? wrongKeyChannel : fuzzChannel;
                    return fuzzCall(channel, mutator.next()).doOnNext(status -> {
                        outcomes.merge(status.getCode(), 1L, Long::sum);
                        if (!clean(status, refusal)) {
                            unclean.add((refusal == null ? "keyed: " : "unkeyed: ") + status);
                        }
                    });
                }, 32)
                .thenMany(Flux.empty());
        var validStub = IngestServiceGrpc.newFutureStub(validChannel);
        Flux<Void> valid = Flux.range(0, VALID_BATCHES)
                .flatMap(b -> Mono.fromFuture(() -> toCompletable(validStub.withDeadlineAfter(60, TimeUnit.SECONDS).push(validBatch(b))))
                        .doOnNext(response -> validAccepted.addAndGet(response.getAccepted()))
                        .onErrorResume(e -> {
                            validFailures.add(e.toString());
                            return Mono.empty();
                        }), 4)
                .thenMany(Flux.empty());
        Flux.merge(fuzz, valid).blockLast(Duration.ofSeconds(120));

        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("gRPC fuzz: %d frames in %.1f s, outcomes %s%n", FRAMES, seconds, FuzzSupport.tally(outcomes, Enum::name));
        assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).as("every fuzz call ended").isEqualTo(FRAMES);
        assertThat(unclean).as("fuzz outcomes other than OK or INVALID_ARGUMENT with a reason (with a key), "
                + "UNAUTHENTICATED naming the missing or unknown key (without)").isEmpty();
        assertThat(outcomes).as("calls without a valid key were refused").containsKey(Status.Code.UNAUTHENTICATED);
        assertThat(validFailures).as("valid pushes that failed").isEmpty();
        assertThat(validAccepted.get()).isEqualTo(VALID_BATCHES * VALID_PER_BATCH);
        FuzzSupport.assertValidTrafficStoredOnce(ingest.storedEvents(), VALID_BATCHES, VALID_PER_BATCH);

        PushResponse after = IngestServiceGrpc.newBlockingStub(fuzzChannel).withDeadlineAfter(10, TimeUnit.SECONDS).push(validBatch(-1));
        assertThat(after.getAccepted()).as("still serving after the fuzzing").isEqualTo(VALID_PER_BATCH);
        fuzzConnection.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        validConnection.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        await("the server closed every connection").atMost(Duration.ofSeconds(60))
                .until(() -> OpenConnections.onLocalPort(ingest.grpcPort()) == 0);
        long heapGrowth = FuzzSupport.usedHeapAfterGc() - heapBefore;
        assertThat(heapGrowth).as("heap growth over the run, bytes").isLessThan(64L * 1024 * 1024);
    }

    private static boolean clean(Status status, String refusal) {
        if (refusal != null) {
            return status.getCode() == Status.Code.UNAUTHENTICATED && refusal.equals(status.getDescription());
        }
        return status.isOk() || status.getCode() == Status.Code.INVALID_ARGUMENT
                && status.getDescription() != null && !status.getDescription().isBlank();
    }

    private static Channel withKey(ManagedChannel connection, String key) {
        Metadata metadata = new Metadata();
        metadata.put(ApiKeys.GRPC_AUTHORIZATION, "Bearer " + key);
        return ClientInterceptors.intercept(connection, MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    private static Mono<Status> fuzzCall(Channel channel, byte[] frame) {
        return Mono.fromFuture(() -> toCompletable(ClientCalls.futureUnaryCall(
                        channel.newCall(RawPush.METHOD, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), frame)))
                .map(response -> Status.OK)
                .onErrorResume(StatusRuntimeException.class, e -> Mono.just(e.getStatus()));
    }

    private static <T> CompletableFuture<T> toCompletable(ListenableFuture<T> future) {
        CompletableFuture<T> completable = new CompletableFuture<>();
        Futures.addCallback(future, new FutureCallback<T>() {
            @Override
            public void onSuccess(T result) {
                completable.complete(result);
            }

            @Override
            public void onFailure(Throwable t) {
                completable.completeExceptionally(t);
            }
        }, Runnable::run);
        return completable;
    }

    private static ManagedChannel channel() {
        return NettyChannelBuilder.forAddress("127.0.0.1", ingest.grpcPort()).usePlaintext().build();
    }

    private static LogBatch validBatch(int batch) {
        LogBatch.Builder builder = LogBatch.newBuilder();
        for (int e = 0; e < VALID_PER_BATCH; e++) {
            builder.addEvents(LogEvent.newBuilder().setTimestampUnixNanos(FuzzSupport.recentNanos()).setService(VALID_SERVICE)
                    .setLevel("INFO").setMessage("valid " + batch + " " + e).setAttributesJson("{\"batch\":" + batch + "}"));
        }
        return builder.build();
    }

    /** Valid frames to mutate: plain, with attributes and unicode, with an idempotency key, with many small events, empty. */
    private static List<byte[]> seeds() {
        long now = FuzzSupport.recentNanos();
        LogEvent plain = LogEvent.newBuilder().setTimestampUnixNanos(now).setService("fuzz").setMessage("hello").build();
        LogEvent rich = LogEvent.newBuilder().setTimestampUnixNanos(now).setService("fuzz-ü").setHost("pod-1").setLevel("warning")
                .setMessage("naïve 😀 line\twith tab").setAttributesJson("{\"a\":1.50,\"b\":[true,null,{\"c\":\"d\"}],\"e\":\"f\"}").build();
        LogBatch.Builder many = LogBatch.newBuilder();
        for (int i = 0; i < 20; i++) {
            many.addEvents(plain.toBuilder().setMessage("line " + i));
        }
        return List.of(
                LogBatch.newBuilder().addEvents(plain).build().toByteArray(),
                LogBatch.newBuilder().addEvents(rich).addEvents(plain).build().toByteArray(),
                LogBatch.newBuilder().addEvents(rich).setIdempotencyKey("agent-1:42").build().toByteArray(),
                many.build().toByteArray(),
                new byte[0]);
    }
}

package io.sluice.ingest.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.common.proto.ingest.v1.EventError;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import io.sluice.ingest.support.RawPush;
import io.sluice.ingest.support.RunningIngest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gRPC {@code IngestService/Push} over a real port against a running ingest-service and the real Redis. */
class GrpcIngestTest {

    private static final long T0 = 1_764_000_000_000_000_000L;
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.start(Map.of(
                "sluice.ingest.max-request-size", "64KB",
                "sluice.ingest.max-events-per-batch", 100));
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
    void storesAValidBatchAsOneStreamEntryWithIdsAndTheDefaultTenant() {
        LogBatch batch = LogBatch.newBuilder()
                .addEvents(event("first").setLevel("warning").setHost(" pod-7 ").setAttributesJson("{\"k\":\"v\"}"))
                .addEvents(event("second").setId("client-chosen").setTenant("someone-else").setHost("pod-7"))
                .build();

        PushResponse response = stub().push(batch);

        assertThat(response).isEqualTo(PushResponse.newBuilder().setAccepted(2).build());
        List<LogBatch> stored = ingest.storedBatches();
        assertThat(stored).hasSize(1);
        List<LogEvent> events = stored.get(0).getEventsList();
        assertThat(events).extracting(LogEvent::getMessage).containsExactly("first", "second");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getId()).matches("[0-9a-f]{32}");
            assertThat(event.getTenant()).isEqualTo("default");
        });
        assertThat(events.get(0)).satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo("WARN");
            assertThat(event.getHost()).isEqualTo("pod-7");
            assertThat(event.getAttributesJson()).isEqualTo("{\"k\":\"v\"}");
            assertThat(event.getTimestampUnixNanos()).isEqualTo(T0);
        });
    }

    @Test
    void storesTheValidEventsAndAnswersWithTheRejectedOnesAndTheirReasons() {
        LogBatch batch = LogBatch.newBuilder()
                .addEvents(event("kept"))
                .addEvents(event("no service").clearService())
                .addEvents(event("bad attributes").setAttributesJson("[1,2]"))
                .addEvents(event("kept too"))
                .build();

        PushResponse response = stub().push(batch);

        assertThat(response.getAccepted()).isEqualTo(2);
        assertThat(response.getRejected()).isEqualTo(2);
        assertThat(response.getErrorsList()).extracting(EventError::getIndex).containsExactly(1, 2);
        assertThat(response.getErrorsList()).extracting(EventError::getReason).containsExactly(
                "event 1: service is required and must not be blank", "event 2: attributes must be a JSON object");
        assertThat(response.getError()).isEqualTo(
                "2 of 4 events rejected: event 1: service is required and must not be blank; event 2: attributes must be a JSON object");
        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage).containsExactly("kept", "kept too");
    }

    @Test
    void answersInvalidArgumentWithTheReasonsWhenNoEventIsValid() {
        LogBatch batch = LogBatch.newBuilder()
                .addEvents(event("m").setService(" "))
                .addEvents(event("m").setLevel("chatty"))
                .build();

        assertThatThrownBy(() -> stub().push(batch))
                .asInstanceOf(InstanceOfAssertFactories.type(StatusRuntimeException.class))
                .satisfies(e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("all 2 events were rejected: event 0: service is required and must not be blank; "
                                    + "event 1: level 'chatty' is not a known level; use one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
                });
        assertThat(ingest.storedBatches()).isEmpty();
    }

    @Test
    void answersInvalidArgumentForAnEmptyBatchAndForTooManyEvents() {
        assertStatus(() -> stub().push(LogBatch.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "the batch has no events");

        LogBatch.Builder tooMany = LogBatch.newBuilder();
        IntStream.range(0, 101).forEach(i -> tooMany.addEvents(event("e" + i)));
        assertStatus(() -> stub().push(tooMany.build()), Status.Code.INVALID_ARGUMENT,
                "the batch has 101 events; at most 100 are accepted per request");

        assertThat(ingest.storedBatches()).isEmpty();
    }

    @Test
    void answersResourceExhaustedForAMessageOverTheRequestSizeLimit() {
        LogBatch.Builder big = LogBatch.newBuilder();
        IntStream.range(0, 80).forEach(i -> big.addEvents(event("x".repeat(1024))));
        assertThat(big.build().getSerializedSize()).isGreaterThan(64 * 1024);

        StatusRuntimeException e = catchStatus(() -> stub().push(big.build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).contains("65536");
        assertThat(ingest.storedBatches()).isEmpty();
    }

    @Test
    void answersInvalidArgumentForAStringFieldThatIsNotUtf8() {
        byte[] notUtf8 = {'c', 'a', 'f', (byte) 0xC3, '('};

        assertStatus(() -> RawPush.call(ingest.channel(), RawPush.batchWithMessageBytes(notUtf8)),
                Status.Code.INVALID_ARGUMENT, "request is not a valid LogBatch: Protocol message had invalid UTF-8.");
        assertStatus(() -> RawPush.call(ingest.channel(), new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}),
                Status.Code.INVALID_ARGUMENT, "request is not a valid LogBatch: ");

        PushResponse valid = RawPush.call(ingest.channel(), RawPush.batchWithMessageBytes("café".getBytes(StandardCharsets.UTF_8)));
        assertThat(valid.getAccepted()).isEqualTo(1);
        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage).containsExactly("café");
    }

    @Test
    void storesABatchResentWithTheSameIdempotencyKeyOnce() {
        LogBatch batch = LogBatch.newBuilder().setIdempotencyKey("agent-7:41").addEvents(event("once")).addEvents(event("twice?")).build();

        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(stub().push(batch)).isEqualTo(PushResponse.newBuilder().setAccepted(2).build());
        }

        List<LogBatch> stored = ingest.storedBatches();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getIdempotencyKey()).isEqualTo("agent-7:41");
        List<String> markers = ingest.redis().keys(ingest.prefix() + "ingest:idem:*:agent-7:41");
        assertThat(markers).as("one marker, for the one shard the batch went to").singleElement()
                .satisfies(marker -> assertThat(ingest.redis().get(marker)).isEqualTo("1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void storesEveryOneOfManyConcurrentPushes() throws Exception {
        IngestServiceGrpc.IngestServiceFutureStub async = IngestServiceGrpc.newFutureStub(ingest.channel());
        List<ListenableFuture<PushResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(async.push(LogBatch.newBuilder().addEvents(event("concurrent " + i)).build()));
        }

        for (ListenableFuture<PushResponse> call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS).getAccepted()).isEqualTo(1);
        }
        assertThat(ingest.storedBatches()).hasSize(200);
    }

    @Test
    void keepsStoringTheValidBatchesSentBetweenBadOnes() {
        LogBatch.Builder big = LogBatch.newBuilder();
        IntStream.range(0, 80).forEach(i -> big.addEvents(event("x".repeat(1024))));

        stub().push(LogBatch.newBuilder().addEvents(event("valid 1")).build());
        catchStatus(() -> RawPush.call(ingest.channel(), RawPush.batchWithMessageBytes(new byte[] {(byte) 0xFE})));
        stub().push(LogBatch.newBuilder().addEvents(event("valid 2")).build());
        catchStatus(() -> stub().push(big.build()));
        stub().push(LogBatch.newBuilder().addEvents(event("valid 3")).build());
        catchStatus(() -> stub().push(LogBatch.newBuilder().addEvents(event("no service").clearService()).build()));
        stub().push(LogBatch.newBuilder().addEvents(event("valid 4")).build());
        catchStatus(() -> RawPush.call(ingest.channel(), new byte[] {0x0A, 0x7F}));
        stub().push(LogBatch.newBuilder().addEvents(event("valid 5")).build());

        assertThat(ingest.storedEvents()).extracting(LogEvent::getMessage)
                .containsExactly("valid 1", "valid 2", "valid 3", "valid 4", "valid 5");
    }

    /** A stub whose deadline starts now: one shared deadline ran out part way through the class on a busy machine. */
    private static IngestServiceGrpc.IngestServiceBlockingStub stub() {
        return IngestServiceGrpc.newBlockingStub(ingest.channel()).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static LogEvent.Builder event(String message) {
        return LogEvent.newBuilder().setTimestampUnixNanos(T0).setService("checkout").setLevel("INFO").setMessage(message);
    }

    private static void assertStatus(Runnable call, Status.Code code, String descriptionStart) {
        StatusRuntimeException e = catchStatus(call);
        assertThat(e.getStatus().getCode()).isEqualTo(code);
        assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
    }

    private static StatusRuntimeException catchStatus(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded but was expected to fail");
    }
}

package io.sluice.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.FuzzHttp;
import io.sluice.ingest.compat.FuzzRun;
import io.sluice.ingest.compat.KeyedIngest;
import io.sluice.ingest.compat.Mutator;
import io.sluice.ingest.compat.RawHttp;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames to OTLP/gRPC, OTLP/HTTP protobuf and OTLP/HTTP JSON (see
 * {@link FuzzRun} for what is checked), with valid exports sent in parallel.
 */
class OtlpFuzzTest {

    private static final int VALID = 200;
    private static final Set<String> HTTP_ALLOWED = Set.of("200", "400", "413", "415", "503");
    private static KeyedIngest sluice;

    @BeforeAll
    static void start() {
        sluice = KeyedIngest.start(java.util.Map.of("sluice.ingest.max-request-size", "256KB"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        sluice.ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        sluice.ingest.clearKeys();
    }

    @Test
    void grpcExportSurvivesMutatedMessages() throws Exception {
        FuzzRun run = FuzzRun.of("otlp-grpc");
        List<byte[]> seeds = protobufSeeds();
        Set<Integer> acknowledged = run.run(random -> grpc(new Mutator(random, seeds).next(false)), Set.of("OK", "INVALID_ARGUMENT", "RESOURCE_EXHAUSTED", "UNAVAILABLE"),
                VALID, i -> grpc(valid("grpc", i, run.seed()).toByteArray()), Set.of("OK"));

        assertStored("grpc", acknowledged, run.seed());
    }

    @Test
    void httpProtobufSurvivesMutatedBodies() throws Exception {
        FuzzRun run = FuzzRun.of("otlp-http-protobuf");
        List<byte[]> seeds = protobufSeeds();
        String url = sluice.http() + OtlpHttpHandler.PATH;
        Set<Integer> acknowledged = run.run(
                random -> FuzzHttp.post(random, url, new Mutator(random, seeds).next(false), "application/x-protobuf", "Bearer " + sluice.key),
                HTTP_ALLOWED, VALID,
                i -> FuzzHttp.outcome(RawHttp.post(url, valid("http-proto", i, run.seed()).toByteArray(),
                        "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + sluice.key)),
                Set.of("200"));

        assertStored("http-proto", acknowledged, run.seed());
    }

    @Test
    void httpJsonSurvivesMutatedBodies() throws Exception {
        FuzzRun run = FuzzRun.of("otlp-http-json");
        List<byte[]> seeds = jsonSeeds();
        String url = sluice.http() + OtlpHttpHandler.PATH;
        Set<Integer> acknowledged = run.run(
                random -> FuzzHttp.post(random, url, new Mutator(random, seeds).next(true), "application/json", "Bearer " + sluice.key),
                HTTP_ALLOWED, VALID,
                i -> FuzzHttp.outcome(RawHttp.post(url, RawHttp.utf8(OtlpJson.print(valid("http-json", i, run.seed()))),
                        "Content-Type", "application/json", "Authorization", "Bearer " + sluice.key)),
                Set.of("200"));

        assertStored("http-json", acknowledged, run.seed());
    }

    private static FuzzRun.Outcome grpc(byte[] frame) {
        try {
            RawExport.call(sluice.ingest.channel(), frame, sluice.key, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
            return new FuzzRun.Outcome("OK", null);
        } catch (StatusRuntimeException e) {
            return new FuzzRun.Outcome(e.getStatus().getCode().name(), e.getStatus().getDescription());
        }
    }

    private static void assertStored(String transport, Set<Integer> acknowledged, long seed) {
        assertThat(acknowledged).hasSize(VALID);
        Set<String> stored = sluice.events().stream().map(LogEvent::getMessage)
                .filter(message -> message.startsWith("valid " + transport + " " + seed + " "))
                .collect(Collectors.toSet());
        assertThat(stored).as("every acknowledged valid export is stored")
                .containsAll(IntStream.range(0, VALID).mapToObj(i -> "valid " + transport + " " + seed + " " + i).toList());
    }

    private static ExportLogsServiceRequest valid(String transport, int i, long seed) {
        return OtlpRequests.of("fuzz-valid", 1_764_000_000_000_000_000L + i, "valid " + transport + " " + seed + " " + i);
    }

    private static List<byte[]> protobufSeeds() {
        ExportLogsServiceRequest rich = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("svc").build()))
                                .addAttributes(kv("host.name", AnyValue.newBuilder().setStringValue("h").build())))
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder().setName("s").setVersion("1"))
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTimeUnixNano(1_764_000_000_000_000_000L)
                                        .setSeverityNumberValue(17)
                                        .setSeverityText("ERROR")
                                        .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16]))
                                        .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[8]))
                                        .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                                                .addValues(kv("a", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                                        .addValues(AnyValue.newBuilder().setDoubleValue(1.5))
                                                        .addValues(AnyValue.newBuilder().setBoolValue(true))).build()))))
                                        .addAttributes(kv("n", AnyValue.newBuilder().setIntValue(7).build())))))
                .build();
        return List.of(rich.toByteArray(),
                OtlpRequests.of("svc", 1_764_000_000_000_000_000L, "one", "two", "three").toByteArray(),
                OtlpRequests.of("other", 5, "x").toByteArray());
    }

    private static List<byte[]> jsonSeeds() {
        return List.of(RawHttp.utf8("""
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
                  "scopeLogs":[{"scope":{"name":"s"},"logRecords":[{"timeUnixNano":"1764000000123456789","severityNumber":9,
                  "body":{"stringValue":"hello"},"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                  "attributes":[{"key":"k","value":{"intValue":"3"}}]}]}]}]}"""),
                RawHttp.utf8("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"observedTimeUnixNano\":1764000000000000000,"
                        + "\"severityText\":\"warn\",\"body\":{\"arrayValue\":{\"values\":[{\"doubleValue\":2.5}]}}}]}]}]}"),
                RawHttp.utf8(OtlpJson.print(OtlpRequests.of("svc", 1_764_000_000_000_000_000L, "a", "b"))));
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}

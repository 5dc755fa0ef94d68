package io.sluice.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.KeyedIngest;
import io.sluice.ingest.compat.RawHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OTLP/HTTP (protobuf and JSON) and OTLP/gRPC at the protocol level: mapping, partial success, refusals. */
class OtlpProtocolTest {

    private static final long T0 = 1_764_000_000_000_000_000L;
    private static KeyedIngest sluice;
    private static String url;

    @BeforeAll
    static void start() {
        sluice = KeyedIngest.start(Map.of("sluice.ingest.max-message-length", "1KB"));
        url = sluice.http() + OtlpHttpHandler.PATH;
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
    void storesOtlpJsonWithHexIdsEnumIntegersStringNanosAndAStructuredBody() {
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[
                    {"key":"service.name","value":{"stringValue":"cart"}},
                    {"key":"k8s.pod.name","value":{"stringValue":"cart-7d9f"}}]},
                  "scopeLogs":[{"scope":{"name":"cart.logger"},"logRecords":[
                    {"timeUnixNano":"1764000000123456789","severityNumber":17,"severityText":"Error",
                     "body":{"kvlistValue":{"values":[{"key":"event","value":{"stringValue":"checkout"}},
                                                      {"key":"items","value":{"intValue":"3"}}]}},
                     "attributes":[{"key":"retry","value":{"boolValue":true}},
                                   {"key":"ratio","value":{"doubleValue":0.5}},
                                   {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"}]}}}],
                     "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","futureField":1}]}]}]}
                """;

        HttpResponse<byte[]> response = RawHttp.post(url, RawHttp.gzip(RawHttp.utf8(body)), "Content-Type", "application/json",
                "Content-Encoding", "gzip", "Authorization", "Bearer " + sluice.key);

        assertThat(response.statusCode()).as(RawHttp.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(RawHttp.text(response)).isEqualTo("{}");
        List<LogEvent> events = sluice.events();
        assertThat(events).hasSize(1);
        LogEvent event = events.get(0);
        assertThat(event.getTenant()).isEqualTo(sluice.tenant);
        assertThat(event.getService()).isEqualTo("cart");
        assertThat(event.getHost()).isEqualTo("cart-7d9f");
        assertThat(event.getLevel()).isEqualTo("ERROR");
        assertThat(event.getTimestampUnixNanos()).isEqualTo(1_764_000_000_123_456_789L);
        assertThat(event.getMessage()).isEqualTo("{\"event\":\"checkout\",\"items\":3}");
        JsonNode attributes = KeyedIngest.attributes(event);
        assertThat(attributes.get("trace_id").stringValue()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(attributes.get("span_id").stringValue()).isEqualTo("eee19b7ec3c1b174");
        assertThat(attributes.get("retry").booleanValue()).isTrue();
        assertThat(attributes.get("ratio").doubleValue()).isEqualTo(0.5);
        assertThat(attributes.get("tags").get(0).stringValue()).isEqualTo("a");
        assertThat(attributes.get("k8s.pod.name").stringValue()).isEqualTo("cart-7d9f");
        assertThat(attributes.get("scope.name").stringValue()).isEqualTo("cart.logger");
    }

    @Test
    void answersPartialSuccessCountingTheRejectedRecordsAndStoresTheOthers() throws Exception {
        ExportLogsServiceRequest built = OtlpRequests.of("svc", T0, "fine", "x".repeat(2000), "from the future", "also fine");
        long future = System.currentTimeMillis() * 1_000_000L + Duration.ofHours(1).toNanos();
        ExportLogsServiceRequest.Builder builder = built.toBuilder();
        builder.getResourceLogsBuilder(0).getScopeLogsBuilder(0).getLogRecordsBuilder(2).setTimeUnixNano(future);
        ExportLogsServiceRequest request = builder.build();

        HttpResponse<byte[]> response = RawHttp.post(url, request.toByteArray(), "Content-Type", "application/x-protobuf",
                "Authorization", "Bearer " + sluice.key);

        assertThat(response.statusCode()).isEqualTo(200);
        ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage())
                .startsWith("1 log records rejected: event 2: timestamp ")
                .contains(" is more than 10m in the future (receive time ");
        List<LogEvent> stored = sluice.events();
        assertThat(stored).extracting(LogEvent::getMessage).containsExactly("fine", "x".repeat(1024), "also fine");
        JsonNode truncated = KeyedIngest.attributes(stored.get(1));
        assertThat(truncated.get("sluice.truncated").booleanValue()).as("an over-long body is truncated, not rejected").isTrue();
        assertThat(truncated.get("sluice.originalLength").longValue()).isEqualTo(2000);
    }

    @Test
    void aResentBodyIsStoredOnce() {
        byte[] body = OtlpRequests.of("svc", T0, "once").toByteArray();

        for (int i = 0; i < 3; i++) {
            assertThat(RawHttp.post(url, body, "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + sluice.key)
                    .statusCode()).isEqualTo(200);
        }

        assertThat(sluice.ingest.storedBatches()).hasSize(1);
    }

    @Test
    void refusesWithAStatusMessageInTheRequestsEncoding() throws Exception {
        byte[] valid = OtlpRequests.of("svc", T0, "m").toByteArray();

        HttpResponse<byte[]> noKey = RawHttp.post(url, valid, "Content-Type", "application/x-protobuf");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(com.google.rpc.Status.parseFrom(noKey.body()).getMessage()).startsWith("no API key");

        HttpResponse<byte[]> otherTenant = RawHttp.post(url, valid, "Content-Type", "application/x-protobuf",
                "Authorization", "Bearer " + sluice.key, "X-Scope-OrgID", "someone-else");
        assertThat(otherTenant.statusCode()).isEqualTo(403);
        assertThat(com.google.rpc.Status.parseFrom(otherTenant.body()).getMessage()).contains("X-Scope-OrgID 'someone-else'");

        HttpResponse<byte[]> garbage = RawHttp.post(url, new byte[] {(byte) 0xff, 0x01, 0x02}, "Content-Type", "application/x-protobuf",
                "Authorization", "Bearer " + sluice.key);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(com.google.rpc.Status.parseFrom(garbage.body()).getMessage())
                .startsWith("the body is not a valid protobuf ExportLogsServiceRequest");

        HttpResponse<byte[]> badJson = RawHttp.post(url, RawHttp.utf8("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"xyz\"}]}]}]}"),
                "Content-Type", "application/json", "Authorization", "Bearer " + sluice.key);
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(RawHttp.text(badJson)).contains("traceId must be 32 hex digits");

        HttpResponse<byte[]> text = RawHttp.post(url, valid, "Content-Type", "text/plain", "Authorization", "Bearer " + sluice.key);
        assertThat(text.statusCode()).isEqualTo(415);

        HttpResponse<byte[]> notUtf8 = RawHttp.post(url, new byte[] {'{', (byte) 0xc3, '}'}, "Content-Type", "application/json",
                "Authorization", "Bearer " + sluice.key);
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(RawHttp.text(notUtf8)).contains("not valid UTF-8");

        assertThat(sluice.events()).isEmpty();
    }

    @Test
    void grpcExportAuthenticatesFromMetadataAndExplainsBadMessages() {
        ExportLogsServiceRequest request = OtlpRequests.of("svc", T0, "over grpc");
        Metadata good = new Metadata();
        good.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + sluice.key);
        var stub = LogsServiceGrpc.newBlockingStub(sluice.ingest.rawChannel());

        assertThat(stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(good)).export(request).hasPartialSuccess()).isFalse();
        assertThatThrownBy(() -> stub.export(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).startsWith("no API key");
                });
        Metadata otherTenant = new Metadata();
        otherTenant.merge(good);
        otherTenant.put(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER), "someone-else");
        assertThatThrownBy(() -> stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(otherTenant)).export(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> RawExport.call(sluice.ingest.rawChannel(), new byte[] {(byte) 0xff, 0x00}, sluice.key, CallOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("the request is not a valid ExportLogsServiceRequest: ");
                });

        assertThat(sluice.events()).extracting(LogEvent::getMessage).containsExactly("over grpc");
    }
}

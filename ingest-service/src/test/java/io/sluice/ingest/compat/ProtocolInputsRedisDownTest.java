package io.sluice.ingest.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.sluice.ingest.support.TcpProxy;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every standard-protocol input in front of a Redis that is unreachable (a TCP proxy the test has
 * stopped): each answers "unavailable, retry" in its own protocol — 503 with Retry-After, or
 * UNAVAILABLE with a retry hint — and acknowledges nothing.
 */
class ProtocolInputsRedisDownTest {

    private static TcpProxy proxy;
    private static KeyedIngest sluice;

    @BeforeAll
    static void start() {
        proxy = new TcpProxy(6379).start();
        sluice = KeyedIngest.start(Map.of(
                "sluice.redis.url", "redis://127.0.0.1:" + proxy.port(),
                "sluice.ingest.redis-timeout", "1s"));
        proxy.stop();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        proxy.start();
        sluice.ingest.close();
        proxy.close();
    }

    @Test
    void everyInputAnswersUnavailableWithARetryHint() {
        String auth = "Bearer " + sluice.key;
        ExportLogsServiceRequest export = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(1_764_000_000_000_000_000L).setBody(AnyValue.newBuilder().setStringValue("m"))))).build();

        assertUnavailable(RawHttp.post(sluice.http() + "/v1/logs", export.toByteArray(),
                "Content-Type", "application/x-protobuf", "Authorization", auth));
        assertUnavailable(RawHttp.post(sluice.http() + "/loki/api/v1/push",
                RawHttp.utf8("{\"streams\":[{\"stream\":{\"app\":\"a\"},\"values\":[[\"1764000000000000000\",\"m\"]]}]}"),
                "Content-Type", "application/json", "Authorization", auth));
        HttpResponse<byte[]> bulk = RawHttp.post(sluice.http() + "/_bulk", RawHttp.utf8("{\"index\":{\"_index\":\"i\"}}\n{\"message\":\"m\"}\n"),
                "Content-Type", "application/x-ndjson", "Authorization", auth);
        assertUnavailable(bulk);
        assertThat(RawHttp.text(bulk)).contains("\"status\":503");

        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), auth);
        assertThatThrownBy(() -> LogsServiceGrpc.newBlockingStub(sluice.ingest.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .export(export))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).startsWith("the log buffer (Redis) is unavailable");
                    assertThat(e.getTrailers().get(GrpcFailures.RETRY_AFTER_MS)).isEqualTo("1000");
                    assertThat(StatusProto.fromThrowable(e).getDetailsList())
                            .anySatisfy(detail -> assertThat(detail.is(com.google.rpc.RetryInfo.class)).isTrue());
                });
    }

    private static void assertUnavailable(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(RawHttp.text(response)).contains("the log buffer (Redis) is unavailable");
    }
}

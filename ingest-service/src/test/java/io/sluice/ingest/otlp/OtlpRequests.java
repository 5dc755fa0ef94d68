package io.sluice.ingest.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;

/** Hand-built OTLP requests for protocol-level tests. */
final class OtlpRequests {

    private OtlpRequests() {
    }

    /** One resource ({@code service}) with one record per message, INFO, times from {@code startNanos}. */
    static ExportLogsServiceRequest of(String service, long startNanos, String... messages) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < messages.length; i++) {
            scope.addLogRecords(LogRecord.newBuilder()
                    .setTimeUnixNano(startNanos + i)
                    .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                    .setBody(AnyValue.newBuilder().setStringValue(messages[i])));
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                                .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service))))
                        .addScopeLogs(scope))
                .build();
    }
}

package io.sluice.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpLogMapperTest {

    @Test
    void mapsSeverityNumbersByRangeAndFallsBackToKnownTextThenInfo() {
        assertThat(OtlpLogMapper.level(1, "")).isEqualTo("TRACE");
        assertThat(OtlpLogMapper.level(4, "")).isEqualTo("TRACE");
        assertThat(OtlpLogMapper.level(5, "")).isEqualTo("DEBUG");
        assertThat(OtlpLogMapper.level(9, "whatever")).isEqualTo("INFO");
        assertThat(OtlpLogMapper.level(14, "")).isEqualTo("WARN");
        assertThat(OtlpLogMapper.level(17, "")).isEqualTo("ERROR");
        assertThat(OtlpLogMapper.level(24, "")).isEqualTo("FATAL");
        assertThat(OtlpLogMapper.level(99, "")).isEqualTo("FATAL");
        assertThat(OtlpLogMapper.level(0, "warning")).isEqualTo("WARN");
        assertThat(OtlpLogMapper.level(0, "chatty")).isEqualTo("INFO");
    }

    @Test
    void usesPodWhenNoHostNameObservedTimeWhenNoTimeAndNamesAMissingServiceUnknown() {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(kv("k8s.pod.name", "api-5c")))
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(LogRecord.newBuilder().setObservedTimeUnixNano(77).setSeverityText("chatty")
                                        .setBody(AnyValue.newBuilder().setIntValue(5)))
                                .addLogRecords(LogRecord.newBuilder())))
                .build();

        List<LogEvent> events = OtlpLogMapper.map(request, 999);

        assertThat(events).hasSize(2);
        LogEvent first = events.get(0);
        assertThat(first.getService()).isEqualTo("unknown_service");
        assertThat(first.getHost()).isEqualTo("api-5c");
        assertThat(first.getTimestampUnixNanos()).isEqualTo(77);
        assertThat(first.getLevel()).isEqualTo("INFO");
        assertThat(first.getMessage()).isEqualTo("5");
        assertThat(first.getAttributesJson()).isEqualTo("{\"k8s.pod.name\":\"api-5c\",\"severity_text\":\"chatty\"}");
        LogEvent second = events.get(1);
        assertThat(second.getTimestampUnixNanos()).isEqualTo(999);
        assertThat(second.getMessage()).isEmpty();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}

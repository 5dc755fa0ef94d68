package io.sluice.bench;

import com.google.protobuf.Timestamp;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.loki.proto.EntryAdapter;
import io.sluice.ingest.loki.proto.PushRequest;
import io.sluice.ingest.loki.proto.StreamAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.xerial.snappy.Snappy;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * One batch of log lines in the native wire format of each ingest input, built the way that
 * input's usual client builds it (the Sluice agent, a JSON HTTP client, the OpenTelemetry SDK,
 * Promtail, Filebeat, rsyslog, logstash-logback-encoder). Every event carries the time it was
 * built (nanosecond steps within a batch), so no two bodies are equal and the content-hash
 * de-duplication of the HTTP inputs never discards a batch.
 */
final class InputBodies {

    static final String SERVICE = "bench-inputs";
    static final String HOST = "bench-host";
    private static final String LOGGER = "io.sluice.bench.IngestInputsHarness";
    private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();

    private InputBodies() {
    }

    /** Sluice {@code IngestService/Push}: a {@code LogBatch} as the agent sends it. */
    static LogBatch push(List<String> lines, String idempotencyKey) {
        long nanos = nowNanos();
        LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey(idempotencyKey);
        for (int i = 0; i < lines.size(); i++) {
            batch.addEvents(LogEvent.newBuilder()
                    .setTimestampUnixNanos(nanos + i)
                    .setService(SERVICE)
                    .setHost(HOST)
                    .setLevel("INFO")
                    .setMessage(lines.get(i))
                    .setAttributesJson("{\"logger\":\"" + LOGGER + "\",\"thread\":\"main\"}"));
        }
        return batch.build();
    }

    /** {@code POST /api/v1/logs}: a JSON array of events. */
    static byte[] httpJson(List<String> lines) {
        long millis = System.currentTimeMillis();
        StringBuilder json = new StringBuilder(lines.size() * 256).append('[');
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"timestamp\":").append(millis).append(",\"service\":\"").append(SERVICE)
                    .append("\",\"host\":\"").append(HOST).append("\",\"level\":\"INFO\",\"message\":\"");
            JSON.quoteAsString(lines.get(i), json);
            json.append("\",\"attributes\":{\"logger\":\"").append(LOGGER).append("\",\"seq\":").append(i).append("}}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** OTLP {@code ExportLogsServiceRequest}: one resource and scope, as the OpenTelemetry SDK batches. */
    static ExportLogsServiceRequest otlp(List<String> lines) {
        long nanos = nowNanos();
        ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName(LOGGER));
        for (int i = 0; i < lines.size(); i++) {
            scope.addLogRecords(LogRecord.newBuilder()
                    .setTimeUnixNano(nanos + i)
                    .setObservedTimeUnixNano(nanos + i)
                    .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                    .setSeverityText("INFO")
                    .setBody(AnyValue.newBuilder().setStringValue(lines.get(i)))
                    .addAttributes(attribute("thread.name", "main")));
        }
        Resource resource = Resource.newBuilder()
                .addAttributes(attribute("service.name", SERVICE))
                .addAttributes(attribute("host.name", HOST))
                .build();
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scope))
                .build();
    }

    /** Loki push: snappy (block) compressed {@code logproto.PushRequest}, one stream, as Promtail sends. */
    static byte[] lokiSnappy(List<String> lines) {
        long nanos = nowNanos();
        StreamAdapter.Builder stream = StreamAdapter.newBuilder()
                .setLabels("{host=\"" + HOST + "\", job=\"bench\", service_name=\"" + SERVICE + "\"}");
        for (int i = 0; i < lines.size(); i++) {
            long at = nanos + i;
            stream.addEntries(EntryAdapter.newBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(at / 1_000_000_000L).setNanos((int) (at % 1_000_000_000L)))
                    .setLine(lines.get(i)));
        }
        try {
            return Snappy.compress(PushRequest.newBuilder().addStreams(stream).build().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Elasticsearch {@code _bulk}: {@code create} actions with ECS documents, as Filebeat sends them. */
    static byte[] elasticBulk(List<String> lines) {
        long nanos = nowNanos();
        StringBuilder body = new StringBuilder(lines.size() * 320);
        for (int i = 0; i < lines.size(); i++) {
            long at = nanos + i;
            body.append("{\"create\":{\"_index\":\"logs-bench\"}}\n{\"@timestamp\":\"")
                    .append(Instant.ofEpochSecond(0, at)).append("\",\"message\":\"");
            JSON.quoteAsString(lines.get(i), body);
            body.append("\",\"log\":{\"level\":\"info\",\"logger\":\"").append(LOGGER)
                    .append("\"},\"host\":{\"name\":\"").append(HOST).append("\"},\"service\":{\"name\":\"").append(SERVICE)
                    .append("\"},\"agent\":{\"type\":\"filebeat\"}}\n");
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One RFC 5424 syslog message (facility local0, severity info), as rsyslog's protocol-23 format writes. */
    static byte[] syslog5424(String line, long nanos) {
        return ("<134>1 " + Instant.ofEpochSecond(0, nanos) + " " + HOST + " " + SERVICE + " 4242 - - " + line)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The lines as RFC 5424 messages with RFC 6587 octet-counting framing ({@code LEN SP MSG}), one TCP write. */
    static byte[] syslogOctetCounted(List<String> lines) {
        long nanos = nowNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines.size() * 200);
        for (int i = 0; i < lines.size(); i++) {
            byte[] message = syslog5424(lines.get(i), nanos + i);
            out.writeBytes((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(message);
        }
        return out.toByteArray();
    }

    /** JSON lines as logstash-logback-encoder's {@code LogstashEncoder} writes them (one object per line). */
    static byte[] logstashJsonLines(List<String> lines) {
        long nanos = nowNanos();
        StringBuilder body = new StringBuilder(lines.size() * 320);
        for (int i = 0; i < lines.size(); i++) {
            body.append("{\"@timestamp\":\"").append(Instant.ofEpochSecond(0, nanos + i))
                    .append("\",\"@version\":\"1\",\"message\":\"");
            JSON.quoteAsString(lines.get(i), body);
            body.append("\",\"logger_name\":\"").append(LOGGER).append("\",\"thread_name\":\"main\",\"level\":\"INFO\",")
                    .append("\"level_value\":20000,\"HOSTNAME\":\"").append(HOST).append("\",\"service\":\"").append(SERVICE)
                    .append("\"}\n");
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}

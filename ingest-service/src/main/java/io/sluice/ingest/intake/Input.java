package io.sluice.ingest.intake;

import java.util.Locale;

/** Where a batch came in; the {@code input} tag of the ingest metrics. */
public enum Input {
    /** {@code POST /api/v1/logs}. */
    HTTP,
    /** Sluice's gRPC {@code IngestService} (the agent's). */
    GRPC,
    /** OTLP logs over gRPC ({@code LogsService/Export}). */
    OTLP_GRPC,
    /** OTLP logs over HTTP ({@code POST /v1/logs}). */
    OTLP_HTTP,
    /** Loki push API ({@code POST /loki/api/v1/push}). */
    LOKI,
    /** Elasticsearch bulk API ({@code POST /_bulk}). */
    ELASTIC,
    /** Syslog over TCP. */
    SYSLOG_TCP,
    /** Syslog over UDP. */
    SYSLOG_UDP,
    /** JSON lines over TCP (logstash-logback-encoder). */
    JSON_TCP;

    /** The metric tag value (the constant's name in lower case, e.g. {@code otlp_grpc}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

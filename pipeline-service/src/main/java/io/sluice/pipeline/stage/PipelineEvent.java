package io.sluice.pipeline.stage;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event on its way through the pipeline's stages: starts as the buffered {@link LogEvent} and
 * is refined in place by each {@link EventStage} (parsed fields, corrected timestamp and level,
 * masked message, template id, retention class). Not thread-safe: one batch is processed by one
 * thread at a time.
 */
public final class PipelineEvent {

    private final LogEvent source;
    private long timestampNanos;
    private String service;
    private String host;
    private String level;
    private String message;
    private String attributesJson;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private long templateId;
    private String retentionClass = "";

    /** An event as the buffer delivered it; nothing parsed yet. */
    public PipelineEvent(LogEvent source) {
        this.source = source;
        this.timestampNanos = source.getTimestampUnixNanos();
        this.service = source.getService();
        this.host = source.getHost();
        this.level = source.getLevel();
        this.message = source.getMessage();
        this.attributesJson = source.getAttributesJson();
    }

    /** The event as ingest buffered it (id and tenant never change). */
    public LogEvent source() {
        return source;
    }

    public String id() {
        return source.getId();
    }

    public String tenant() {
        return source.getTenant();
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public void timestampNanos(long value) {
        this.timestampNanos = value;
    }

    public String service() {
        return service;
    }

    public void service(String value) {
        this.service = value;
    }

    public String host() {
        return host;
    }

    public void host(String value) {
        this.host = value;
    }

    public String level() {
        return level;
    }

    public void level(String value) {
        this.level = value;
    }

    public String message() {
        return message;
    }

    public void message(String value) {
        this.message = value;
    }

    /** The attributes as JSON object text ({@code ""} when none). */
    public String attributesJson() {
        return attributesJson;
    }

    public void attributesJson(String value) {
        this.attributesJson = value;
    }

    /** Fields extracted from the message, in extraction order; stages add, rename and remove entries. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The miner's template id, {@code 0} before mining. */
    public long templateId() {
        return templateId;
    }

    public void templateId(long value) {
        this.templateId = value;
    }

    /** Retention class chosen by routing rules; {@code ""} means the tenant's default. */
    public String retentionClass() {
        return retentionClass;
    }

    public void retentionClass(String value) {
        this.retentionClass = value;
    }
}

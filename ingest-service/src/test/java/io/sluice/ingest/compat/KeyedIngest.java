package io.sluice.ingest.compat;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.support.RunningIngest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link RunningIngest} whose only valid API key is a fresh random one, owned by a fresh tenant,
 * as every standard-protocol input test needs.
 */
public final class KeyedIngest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The tenant of {@link #key}. */
    public final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);

    /** The valid API key. */
    public final String key = "key-" + UUID.randomUUID();

    /** The running service. */
    public final RunningIngest ingest;

    private KeyedIngest(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(overrides);
        properties.put("sluice.tenancy.bootstrap-api-key", key);
        properties.put("sluice.tenancy.bootstrap-tenant", tenant);
        this.ingest = RunningIngest.start(properties);
    }

    /** Starts ingest with {@code overrides}. */
    public static KeyedIngest start(Map<String, Object> overrides) {
        return new KeyedIngest(overrides);
    }

    /** Base URL of the HTTP server. */
    public String http() {
        return "http://127.0.0.1:" + ingest.httpPort();
    }

    /** Every stored event. */
    public List<LogEvent> events() {
        return ingest.storedEvents();
    }

    /** The attributes of {@code event} as JSON (an empty object when it has none). */
    public static JsonNode attributes(LogEvent event) {
        return JSON.readTree(event.getAttributesJson().isEmpty() ? "{}" : event.getAttributesJson());
    }
}

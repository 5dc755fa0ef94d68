package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The parse stage inside the real pipeline: Redis buffer → stages → archive, configured through properties. */
class ParsePipelineTest {

    static final long T0 = 1_764_000_000_000_000_000L;
    static final JsonMapper JSON = JsonMapper.builder().build();

    static TestRedis redis;
    static TestDatabase database;
    static PipelineContext pipeline;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        database = new TestDatabase();
        Map<String, String> props = new HashMap<>();
        props.put("sluice.pipeline.consumer-name", "parse-1");
        props.put("sluice.pipeline.parse.rules[0].name", "nginx");
        props.put("sluice.pipeline.parse.rules[0].match", "{service=\"nginx\"}");
        props.put("sluice.pipeline.parse.rules[0].parser", "grok");
        props.put("sluice.pipeline.parse.rules[0].pattern", "%{COMMONAPACHELOG}");
        props.put("sluice.pipeline.parse.rules[1].name", "system");
        props.put("sluice.pipeline.parse.rules[1].match", "{service=\"syslog\"}");
        props.put("sluice.pipeline.parse.rules[1].parser", "syslog");
        props.put("sluice.pipeline.multiline.rules[0].name", "java");
        props.put("sluice.pipeline.multiline.rules[0].match", "{service=~\"api|worker\"}");
        props.put("sluice.pipeline.multiline.rules[0].start", "^\\d{4}-\\d{2}-\\d{2}");
        pipeline = new PipelineContext(redis, database, props);
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        redis.close();
        database.drop();
    }

    static LogEvent event(String tenant, String service, String level, String message) {
        return LogEvent.newBuilder().setId(EventIds.next()).setTenant(tenant).setTimestampUnixNanos(T0)
                .setService(service).setHost("pod-1").setLevel(level).setMessage(message).build();
    }

    static String iso(long nanos) {
        return Instant.ofEpochSecond(0, nanos).toString();
    }

    /** An archived event as the parse stage left it. */
    record Stored(long timestampNanos, String level, String message, Map<String, String> fields) {
    }

    /**
     * The archived events of {@code tenant} by id, decoded from the archive's chunks. The one place
     * that knows the archive's layout.
     */
    static Map<String, Stored> archived(String tenant) {
        Map<String, Stored> out = new LinkedHashMap<>();
        for (ArchivedEvent e : database.archived(tenant)) {
            Map<String, String> fields = e.fieldsJson() == null ? Map.of()
                    : JSON.readValue(e.fieldsJson(), new TypeReference<Map<String, String>>() { });
            out.put(e.id(), new Stored(e.timestampNanos(), e.level(), e.message(), fields));
        }
        return out;
    }

    @Test
    void parsedFieldsEventTimesAndLevelsAreArchived() {
        String tenant = "parse-fields";
        long earlier = T0 - Duration.ofMinutes(3).toNanos();
        LogEvent json = event(tenant, "checkout", "", "{\"ts\":\"" + iso(earlier) + "\",\"level\":\"warning\",\"user\":{\"id\":7}}");
        LogEvent logfmt = event(tenant, "checkout", "", "level=err msg=\"payment failed\" took=15ms");
        LogEvent nginx = event(tenant, "nginx", "INFO",
                "10.0.0.9 - - [" + java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
                        .format(Instant.ofEpochSecond(0, earlier).atZone(java.time.ZoneOffset.UTC)) + "] \"GET /cart HTTP/1.1\" 502 17");
        LogEvent syslog = event(tenant, "syslog", "", "<27>1 " + iso(earlier) + " db-1 postgres 42 - [origin ip=\"10.0.0.2\"] checkpoint slow");
        LogEvent plain = event(tenant, "checkout", "INFO", "nothing to parse here");
        redis.addBatch(List.of(json, logfmt, nginx, syslog, plain));

        await().atMost(Duration.ofSeconds(60)).until(() -> archived(tenant).size() == 5);
        Map<String, Stored> stored = archived(tenant);
        assertThat(stored.get(json.getId())).isEqualTo(new Stored(earlier, "WARN", json.getMessage(),
                Map.of("ts", iso(earlier), "level", "warning", "user_id", "7")));
        assertThat(stored.get(logfmt.getId())).isEqualTo(new Stored(T0, "ERROR", logfmt.getMessage(),
                Map.of("level", "err", "msg", "payment failed", "took", "15ms")));
        assertThat(stored.get(nginx.getId()).fields()).containsEntry("clientip", "10.0.0.9").containsEntry("verb", "GET")
                .containsEntry("request", "/cart").containsEntry("response", "502").containsEntry("bytes", "17");
        assertThat(stored.get(nginx.getId()).timestampNanos()).isEqualTo(earlier / 1_000_000_000L * 1_000_000_000L);
        assertThat(stored.get(syslog.getId()).fields()).containsEntry("hostname", "db-1").containsEntry("appname", "postgres")
                .containsEntry("origin_ip", "10.0.0.2").containsEntry("msg", "checkpoint slow");
        assertThat(stored.get(syslog.getId()).level()).isEqualTo("ERROR");
        assertThat(stored.get(syslog.getId()).timestampNanos()).isEqualTo(earlier);
        assertThat(stored.get(plain.getId())).isEqualTo(new Stored(T0, "INFO", "nothing to parse here", Map.of()));
    }

    @Test
    void stackTracesSplitIntoLinesAreArchivedAsOneEventPerTrace() {
        String tenant = "parse-multiline";
        String start = "2025-11-24 16:00:00,001 ERROR [main] order 17 failed";
        LogEvent first = event(tenant, "api", "ERROR", start);
        List<LogEvent> lines = List.of(first,
                event(tenant, "api", "INFO", "java.lang.IllegalStateException: no stock"),
                event(tenant, "api", "INFO", "\tat com.example.Orders.place(Orders.java:42)"),
                event(tenant, "api", "INFO", "Caused by: java.sql.SQLException: timeout"),
                event(tenant, "api", "INFO", "\t... 3 more"));
        LogEvent second = event(tenant, "api", "INFO", "2025-11-24 16:00:01,000 INFO [main] order 18 placed");
        LogEvent otherService = event(tenant, "web", "INFO", "\tat not.joined(Web.java:1)");
        List<LogEvent> batch = new java.util.ArrayList<>(lines);
        batch.add(second);
        batch.add(otherService);
        redis.addBatch(batch);

        await().atMost(Duration.ofSeconds(60)).until(() -> archived(tenant).size() == 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending("pipeline") == 0);
        Map<String, Stored> stored = archived(tenant);
        assertThat(stored).containsOnlyKeys(first.getId(), second.getId(), otherService.getId());
        assertThat(stored.get(first.getId()).message()).isEqualTo(String.join("\n", lines.stream().map(LogEvent::getMessage).toList()));
        assertThat(stored.get(first.getId()).level()).isEqualTo("ERROR");
        assertThat(stored.get(first.getId()).timestampNanos()).isEqualTo(T0 + 1_000_000L);
        assertThat(stored.get(otherService.getId()).message()).isEqualTo("\tat not.joined(Web.java:1)");
    }
}

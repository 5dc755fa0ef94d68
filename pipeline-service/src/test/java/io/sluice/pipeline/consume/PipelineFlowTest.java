package io.sluice.pipeline.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PipelineFlowTest {

    static final long T0 = 1_764_000_000_000_000_000L;

    static TestRedis redis;
    static TestDatabase database;
    static PipelineContext pipeline;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        database = new TestDatabase();
        pipeline = new PipelineContext(redis, database, Map.of("sluice.pipeline.consumer-name", "flow-1"));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        redis.close();
        database.drop();
    }

    static LogEvent event(String tenant, String level, String message, String attributesJson) {
        return LogEvent.newBuilder().setId(EventIds.next()).setTenant(tenant).setTimestampUnixNanos(T0)
                .setService("checkout").setHost("pod-1").setLevel(level).setMessage(message).setAttributesJson(attributesJson).build();
    }

    /** MariaDB's own JSON_VALUE over an archived JSON text (what the old row layout's SQL checked). */
    static String jsonValue(String json, String path) {
        return database.queryColumn("SELECT JSON_VALUE('" + json.replace("\\", "\\\\").replace("'", "''") + "', '" + path + "')").get(0);
    }

    long archived(String tenant) {
        return database.archivedCount(tenant);
    }

    @Test
    void eventsAddedToTheBufferAreArchivedWrittenToTheHotTierAndAcknowledged() {
        List<LogEvent> acme = TestRedis.events("flow-acme", 120, T0);
        List<LogEvent> other = TestRedis.events("flow-other", 30, T0);
        List<LogEvent> mixed = new ArrayList<>(acme.subList(100, 120));
        mixed.addAll(other);
        redis.addBatch(acme.subList(0, 100));
        redis.addBatch(mixed);

        await().atMost(Duration.ofSeconds(60)).until(() -> archived("flow-acme") == 120 && archived("flow-other") == 30);
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending("pipeline") == 0);
        assertThat(database.archivedIds("flow-acme"))
                .containsExactlyInAnyOrderElementsOf(acme.stream().map(LogEvent::getId).toList());
        assertThat(redis.hotEvents("flow-acme")).extracting(LogEvent::getId)
                .containsExactlyInAnyOrderElementsOf(acme.stream().map(LogEvent::getId).toList());
        assertThat(redis.hotEvents("flow-other")).hasSize(30);
        assertThat(redis.hasGroup(redis.stream("flow-acme"), "pipeline")).isTrue();
        assertThat(redis.hasGroup(redis.stream("flow-acme"), "analytics")).as("every configured group is created with the stream").isTrue();
    }

    @Test
    void jsonMessageBodiesBecomeFieldsAndPlainTextIsKeptAsItIs() {
        LogEvent json = event("flow-json", "ERROR", "  {\"user\": \"ada\", \"latency_ms\": 42, \"nested\": {\"ok\": true}}  ", "{\"region\":\"eu\"}");
        LogEvent text = event("flow-json", "INFO", "GET /health 200 {not json}", "");
        LogEvent array = event("flow-json", "INFO", "[1, 2, 3]", "");
        redis.addBatch(List.of(json, text, array));

        await().atMost(Duration.ofSeconds(60)).until(() -> archived("flow-json") == 3);
        ArchivedEvent archivedJson = database.archivedEvent("flow-json", json.getId());
        assertThat(jsonValue(archivedJson.fieldsJson(), "$.user")).isEqualTo("ada");
        assertThat(jsonValue(archivedJson.fieldsJson(), "$.nested_ok")).isEqualTo("true");
        assertThat(archivedJson.message()).isEqualTo(json.getMessage());
        assertThat(jsonValue(archivedJson.attributesJson(), "$.region")).isEqualTo("eu");
        assertThat(database.archived("flow-json").stream().filter(e -> !e.id().equals(json.getId()))
                .map(e -> e.message() + "|" + (e.fieldsJson() == null ? "NULL" : e.fieldsJson())).sorted().toList())
                .containsExactly("GET /health 200 {not json}|NULL", "[1, 2, 3]|NULL");
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.hotEvents("flow-json").size() == 3);
        LogEvent hotJson = redis.hotEvents("flow-json").stream().filter(e -> e.getId().equals(json.getId())).findFirst().orElseThrow();
        assertThat(hotJson.getFieldsJson()).isEqualTo("{\"user\":\"ada\",\"latency_ms\":\"42\",\"nested_ok\":\"true\"}");
        assertThat(hotJson.getMessage()).isEqualTo(json.getMessage());
    }

    @Test
    void attributesThatAreNotAJsonObjectAreKeptAsRawTextInsteadOfLosingTheEvent() {
        LogEvent broken = event("flow-attr", "WARN", "hello", "not-json {");
        redis.addBatch(List.of(broken));
        await().atMost(Duration.ofSeconds(60)).until(() -> archived("flow-attr") == 1);
        assertThat(database.archived("flow-attr")).extracting(e -> jsonValue(e.attributesJson(), "$._raw"))
                .containsExactly("not-json {");
    }

    @Test
    void malformedEntriesAreAcknowledgedDeadLetteredAndCountedWithoutWedgingTheConsumer() {
        double before = malformedCount();
        String garbage = redis.addRaw(Map.of("b", "definitely not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1)));
        String noField = redis.addRaw(Map.of("x", "y".getBytes(StandardCharsets.UTF_8)));
        List<LogEvent> good = TestRedis.events("flow-after-bad", 5, T0);
        redis.addBatch(good);

        await().atMost(Duration.ofSeconds(60)).until(() -> archived("flow-after-bad") == 5);
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending("pipeline") == 0);
        assertThat(redis.sync().xrange(redis.keys().bufferDeadLetters(), io.lettuce.core.Range.create("-", "+")))
                .extracting(m -> new String(m.getBody().get("entry"), StandardCharsets.US_ASCII))
                .contains(garbage, noField);
        assertThat(malformedCount() - before).isEqualTo(2);
    }

    double malformedCount() {
        return pipeline.bean(MeterRegistry.class).get("sluice.pipeline.entries.malformed").counter().count();
    }
}

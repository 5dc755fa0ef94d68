package io.sluice.ingest.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.KeyedIngest;
import io.sluice.ingest.compat.RawHttp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Elasticsearch bulk API with curl-style bodies (as Filebeat, Fluent Bit and Vector send them),
 * and the probes those clients make first.
 */
class ElasticBulkTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static KeyedIngest sluice;

    @BeforeAll
    static void start() {
        sluice = KeyedIngest.start(Map.of());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        sluice.ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        sluice.ingest.clearKeys();
    }

    private static String apiKey() {
        return "ApiKey " + Base64.getEncoder().encodeToString(("my-id:" + sluice.key).getBytes());
    }

    @Test
    void storesEcsAndFlatDocumentsAndAnswersPerItemInElasticsearchFormat() {
        String body = """
                {"index":{"_index":"filebeat-8.17.0","_id":"doc-1"}}
                {"@timestamp":"2026-11-24T10:15:30.123Z","message":"GET /cart 500","log":{"level":"error","logger":"http"},"service":{"name":"shop"},"host":{"name":"web-3","os":{"family":"debian"}},"http":{"status":500}}
                {"create":{}}
                {"timestamp":1764000000000,"log":"plain line from fluent bit","level":"warn","hostname":"edge-1","app":"proxy","kubernetes":{"ns":"prod"}}
                """;

        HttpResponse<byte[]> response = RawHttp.post(sluice.http() + "/logs-app/_bulk", RawHttp.utf8(body),
                "Content-Type", "application/x-ndjson", "Authorization", apiKey());

        assertThat(response.statusCode()).as(RawHttp.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("errors").booleanValue()).isFalse();
        assertThat(answer.get("took").isIntegralNumber()).isTrue();
        JsonNode first = answer.get("items").get(0).get("index");
        assertThat(first.get("status").intValue()).isEqualTo(201);
        assertThat(first.get("_index").stringValue()).isEqualTo("filebeat-8.17.0");
        assertThat(first.get("_id").stringValue()).isEqualTo("doc-1");
        assertThat(first.get("result").stringValue()).isEqualTo("created");
        JsonNode second = answer.get("items").get(1).get("create");
        assertThat(second.get("status").intValue()).isEqualTo(201);
        assertThat(second.get("_index").stringValue()).isEqualTo("logs-app");

        List<LogEvent> events = sluice.events();
        assertThat(events).hasSize(2);
        // The two documents name different services, so they may sit in different buffer shards: find them by message.
        LogEvent ecs = byMessage(events, "GET /cart 500");
        assertThat(ecs.getTenant()).isEqualTo(sluice.tenant);
        assertThat(ecs.getTimestampUnixNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-11-24T10:15:30.123Z")));
        assertThat(ecs.getService()).isEqualTo("shop");
        assertThat(ecs.getHost()).isEqualTo("web-3");
        assertThat(ecs.getLevel()).isEqualTo("ERROR");
        assertThat(ecs.getMessage()).isEqualTo("GET /cart 500");
        JsonNode ecsAttributes = KeyedIngest.attributes(ecs);
        assertThat(ecsAttributes.get("http").get("status").intValue()).isEqualTo(500);
        assertThat(ecsAttributes.get("log").get("logger").stringValue()).isEqualTo("http");
        assertThat(ecsAttributes.get("host").get("os").get("family").stringValue()).isEqualTo("debian");
        assertThat(ecsAttributes.get("es.index").stringValue()).isEqualTo("filebeat-8.17.0");
        assertThat(ecsAttributes.has("service")).isFalse();
        LogEvent flat = byMessage(events, "plain line from fluent bit");
        assertThat(flat.getService()).isEqualTo("proxy");
        assertThat(flat.getHost()).isEqualTo("edge-1");
        assertThat(flat.getLevel()).isEqualTo("WARN");
        assertThat(flat.getMessage()).isEqualTo("plain line from fluent bit");
        assertThat(flat.getTimestampUnixNanos()).isEqualTo(1_764_000_000_000_000_000L);
        assertThat(KeyedIngest.attributes(flat).get("kubernetes").get("ns").stringValue()).isEqualTo("prod");
    }

    @Test
    void failsOnlyTheItemsThatCannotBeStored() {
        String body = """
                {"delete":{"_index":"x","_id":"1"}}
                {"update":{"_index":"x","_id":"2"}}
                {"doc":{"message":"changed"}}
                {"index":{"_index":"x"}}
                {"message": not json}
                {"index":{"_index":"x"}}
                ["an","array"]
                {"index":{"_index":"x"}}
                {"@timestamp":"yesterday","message":"bad time"}
                {"index":{"_index":"x"}}
                {"message":"the good one","service.name":"svc"}
                """;

        HttpResponse<byte[]> response = RawHttp.post(sluice.http() + "/_bulk", RawHttp.gzip(RawHttp.utf8(body)),
                "Content-Type", "application/json", "Content-Encoding", "gzip", "Authorization", "Bearer " + sluice.key);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("errors").booleanValue()).isTrue();
        JsonNode items = answer.get("items");
        assertThat(items).hasSize(6);
        assertThat(items.get(0).get("delete").get("status").intValue()).isEqualTo(400);
        assertThat(items.get(0).get("delete").get("error").get("reason").stringValue()).contains("append-only");
        assertThat(items.get(1).get("update").get("status").intValue()).isEqualTo(400);
        assertThat(items.get(2).get("index").get("error").get("type").stringValue()).isEqualTo("mapper_parsing_exception");
        assertThat(items.get(3).get("index").get("error").get("reason").stringValue()).contains("expected a JSON object");
        assertThat(items.get(4).get("index").get("error").get("reason").stringValue()).startsWith("failed to parse field [@timestamp]");
        assertThat(items.get(5).get("index").get("status").intValue()).isEqualTo(201);
        assertThat(sluice.events()).extracting(LogEvent::getMessage).containsExactly("the good one");
        assertThat(sluice.events().get(0).getService()).isEqualTo("svc");
    }

    @Test
    void refusesWholeRequestsWithElasticsearchErrorObjects() {
        HttpResponse<byte[]> noKey = RawHttp.post(sluice.http() + "/_bulk", RawHttp.utf8("{\"index\":{}}\n{}\n"), "Content-Type", "application/json");
        assertThat(noKey.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(noKey.body());
        assertThat(error.get("status").intValue()).isEqualTo(401);
        assertThat(error.get("error").get("type").stringValue()).isEqualTo("security_exception");
        assertThat(error.get("error").get("reason").stringValue()).startsWith("no API key");

        HttpResponse<byte[]> malformed = RawHttp.post(sluice.http() + "/_bulk", RawHttp.utf8("{\"index\":{}}\n{}\n{\"explode\":{}}\n{}\n"),
                "Content-Type", "application/json", "Authorization", "Bearer " + sluice.key);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("error").get("reason").stringValue())
                .isEqualTo("Malformed action/metadata line [3]: expected field [create], [delete], [index] or [update] but found [explode]");
        assertThat(sluice.events()).isEmpty();
    }

    @Test
    void answersTheProbesClientsMakeBeforeSending() {
        HttpResponse<byte[]> info = RawHttp.call("GET", sluice.http() + "/", "Accept", "application/json", "Authorization", apiKey());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        JsonNode cluster = JSON.readTree(info.body());
        assertThat(cluster.get("version").get("number").stringValue()).startsWith("8.");
        assertThat(cluster.get("tagline").stringValue()).isEqualTo("You Know, for Search");

        assertThat(RawHttp.call("HEAD", sluice.http() + "/").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(RawHttp.call("GET", sluice.http() + "/_cluster/health").body()).get("status").stringValue())
                .isEqualTo("green");
        assertThat(RawHttp.call("GET", sluice.http() + "/", "Accept", "application/json", "Authorization", "Bearer wrong").statusCode())
                .as("a wrong key is refused, as Elasticsearch does").isEqualTo(401);
        assertThat(RawHttp.call("GET", sluice.http() + "/", "Accept", "text/html,application/xhtml+xml", "Authorization", apiKey()).statusCode())
                .as("a browser is not answered with cluster info").isEqualTo(404);
        assertThat(RawHttp.call("GET", sluice.http() + "/").statusCode()).as("nor a request without credentials").isEqualTo(404);
    }

    private static LogEvent byMessage(List<LogEvent> events, String message) {
        return events.stream().filter(event -> event.getMessage().equals(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no stored event with message '" + message + "' in " + events));
    }
}

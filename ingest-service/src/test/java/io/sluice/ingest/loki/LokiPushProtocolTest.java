package io.sluice.ingest.loki;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.KeyedIngest;
import io.sluice.ingest.compat.RawHttp;
import io.sluice.ingest.loki.proto.EntryAdapter;
import io.sluice.ingest.loki.proto.LabelPairAdapter;
import io.sluice.ingest.loki.proto.PushRequest;
import io.sluice.ingest.loki.proto.StreamAdapter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import tools.jackson.databind.JsonNode;

/** {@code POST /loki/api/v1/push} at the protocol level, as Promtail / Alloy send it. */
class LokiPushProtocolTest {

    private static KeyedIngest sluice;
    private static String url;

    @BeforeAll
    static void start() {
        sluice = KeyedIngest.start(Map.of("sluice.ingest.max-message-length", "1KB"));
        url = sluice.http() + LokiPushHandler.PATH;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        sluice.ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        sluice.ingest.clearKeys();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("12345:" + sluice.key).getBytes());
    }

    @Test
    void storesGzippedJsonWithLabelsStructuredMetadataAndNanosecondTimes() {
        String body = """
                {"streams":[{"stream":{"service_name":"billing","app":"ignored-app","pod":"billing-0","detected_level":"warning","namespace":"prod"},
                  "values":[["1764000000123456789","disk almost full"],
                            ["1764000000123456790","retrying",{"trace_id":"abc","level":"error"}]]}]}
                """;

        HttpResponse<byte[]> response = RawHttp.post(url, RawHttp.gzip(RawHttp.utf8(body)), "Content-Type", "application/json",
                "Content-Encoding", "gzip", "Authorization", basic(), "X-Scope-OrgID", sluice.tenant);

        assertThat(response.statusCode()).as(RawHttp.text(response)).isEqualTo(204);
        List<LogEvent> events = sluice.events();
        assertThat(events).hasSize(2);
        LogEvent first = events.get(0);
        assertThat(first.getTenant()).isEqualTo(sluice.tenant);
        assertThat(first.getService()).isEqualTo("billing");
        assertThat(first.getHost()).isEqualTo("billing-0");
        assertThat(first.getLevel()).isEqualTo("WARN");
        assertThat(first.getTimestampUnixNanos()).isEqualTo(1_764_000_000_123_456_789L);
        assertThat(first.getMessage()).isEqualTo("disk almost full");
        JsonNode attributes = KeyedIngest.attributes(first);
        assertThat(attributes.get("namespace").stringValue()).isEqualTo("prod");
        assertThat(attributes.get("app").stringValue()).isEqualTo("ignored-app");
        assertThat(attributes.has("service_name")).isFalse();
        assertThat(attributes.has("pod")).isFalse();
        assertThat(events.get(1).getLevel()).isEqualTo("WARN");
        assertThat(KeyedIngest.attributes(events.get(1)).get("trace_id").stringValue()).isEqualTo("abc");
    }

    @Test
    void storesSnappyProtobufAsPromtailSendsIt() throws Exception {
        PushRequest push = PushRequest.newBuilder()
                .addStreams(StreamAdapter.newBuilder()
                        .setLabels("{job=\"varlogs\", hostname=\"db-2\", level=\"err\", filename=\"/var/log/syslog\"}")
                        .addEntries(EntryAdapter.newBuilder()
                                .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_000_000L).setNanos(42))
                                .setLine("connection reset")
                                .addStructuredMetadata(LabelPairAdapter.newBuilder().setName("thread").setValue("main"))))
                .build();

        HttpResponse<byte[]> response = RawHttp.post(url, Snappy.compress(push.toByteArray()),
                "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + sluice.key);

        assertThat(response.statusCode()).as(RawHttp.text(response)).isEqualTo(204);
        LogEvent event = sluice.events().get(0);
        assertThat(event.getService()).isEqualTo("varlogs");
        assertThat(event.getHost()).isEqualTo("db-2");
        assertThat(event.getLevel()).isEqualTo("ERROR");
        assertThat(event.getTimestampUnixNanos()).isEqualTo(1_764_000_000_000_000_042L);
        JsonNode attributes = KeyedIngest.attributes(event);
        assertThat(attributes.get("filename").stringValue()).isEqualTo("/var/log/syslog");
        assertThat(attributes.get("thread").stringValue()).isEqualTo("main");
    }

    @Test
    void storesTheValidEntriesAndAnswers400NamingTheInvalidOnesAsLokiDoes() {
        long future = System.currentTimeMillis() * 1_000_000L + Duration.ofHours(1).toNanos();
        String body = """
                {"streams":[{"stream":{"app":"a"},"values":[["1764000000000000000","ok"],["1764000000000000001","%s"],["%d","from the future"]]}]}
                """.formatted("x".repeat(1100), future);

        HttpResponse<byte[]> response = RawHttp.post(url, RawHttp.utf8(body), "Content-Type", "application/json", "Authorization", basic());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.text(response))
                .startsWith("1 of 3 entries rejected (the others were stored): event 2: timestamp ")
                .contains(" is more than 10m in the future (receive time ");
        List<LogEvent> stored = sluice.events();
        assertThat(stored).extracting(LogEvent::getMessage).containsExactly("ok", "x".repeat(1024));
        JsonNode truncated = KeyedIngest.attributes(stored.get(1));
        assertThat(truncated.get("sluice.truncated").booleanValue()).as("an over-long line is truncated, not rejected").isTrue();
        assertThat(truncated.get("sluice.originalLength").longValue()).isEqualTo(1100);
    }

    @Test
    void refusesWithPlainTextReasons() {
        String valid = "{\"streams\":[{\"stream\":{\"app\":\"a\"},\"values\":[[\"1764000000000000000\",\"x\"]]}]}";
        assertRefused(RawHttp.post(url, RawHttp.utf8(valid), "Content-Type", "application/json"), 401, "no API key");
        assertRefused(RawHttp.post(url, RawHttp.utf8(valid), "Content-Type", "application/json", "Authorization", basic(),
                "X-Scope-OrgID", "other"), 403, "X-Scope-OrgID 'other' is not the tenant of the API key");
        assertRefused(RawHttp.post(url, RawHttp.utf8("{\"streams\":[{\"stream\":{\"app\":\"a\"},\"values\":[[\"soon\",\"x\"]]}]}"),
                "Content-Type", "application/json", "Authorization", basic()), 400,
                "error parsing the push request as JSON: streams[0].values[0] timestamp 'soon' is not an integer of unix epoch nanoseconds");
        assertRefused(RawHttp.post(url, RawHttp.utf8("not snappy"), "Content-Type", "application/x-protobuf", "Authorization", basic()),
                400, "error decompressing the push request");
        assertRefused(RawHttp.post(url, RawHttp.utf8("{\"streams\":[{\"labels\":\"{a=b}\",\"entries\":[]}]}"),
                "Content-Type", "application/json", "Authorization", basic()), 400, "error parsing labels '{a=b}'");
        assertThat(sluice.events()).isEmpty();
    }

    private static void assertRefused(HttpResponse<byte[]> response, int status, String reason) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(RawHttp.text(response)).startsWith(reason);
    }
}

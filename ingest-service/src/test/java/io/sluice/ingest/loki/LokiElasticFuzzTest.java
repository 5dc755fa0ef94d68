package io.sluice.ingest.loki;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.FuzzHttp;
import io.sluice.ingest.compat.FuzzRun;
import io.sluice.ingest.compat.KeyedIngest;
import io.sluice.ingest.compat.Mutator;
import io.sluice.ingest.compat.RawHttp;
import io.sluice.ingest.loki.proto.EntryAdapter;
import io.sluice.ingest.loki.proto.LabelPairAdapter;
import io.sluice.ingest.loki.proto.PushRequest;
import io.sluice.ingest.loki.proto.StreamAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * Random and mutated frames to Loki push (snappy protobuf and JSON) and the Elasticsearch bulk API
 * (see {@link FuzzRun} for what is checked), with valid requests sent in parallel.
 */
class LokiElasticFuzzTest {

    private static final int VALID = 200;
    private static final Set<String> ALLOWED = Set.of("200", "204", "400", "413", "415", "503");
    private static KeyedIngest sluice;

    @BeforeAll
    static void start() {
        sluice = KeyedIngest.start(Map.of("sluice.ingest.max-request-size", "256KB"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        sluice.ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        sluice.ingest.clearKeys();
    }

    @Test
    void lokiProtobufSurvivesMutatedPushes() throws Exception {
        FuzzRun run = FuzzRun.of("loki-protobuf");
        List<byte[]> seeds = List.of(push("a", 1).toByteArray(), push("b", 3).toByteArray());
        String url = sluice.http() + LokiPushHandler.PATH;
        Set<Integer> acknowledged = run.run(random -> {
                    Mutator mutator = new Mutator(random, seeds);
                    // Half the frames are mutated before compression (so they reach the protobuf
                    // parser), half after (so they exercise snappy's own checks).
                    byte[] frame = random.nextBoolean()
                            ? snappy(mutator.next(false))
                            : new Mutator(random, List.of(snappy(mutator.seed()))).next(false);
                    return FuzzHttp.post(random, url, frame, "application/x-protobuf", "Bearer " + sluice.key);
                }, ALLOWED, VALID,
                i -> FuzzHttp.outcome(RawHttp.post(url, snappy(valid("loki-proto", i, run.seed()).toByteArray()),
                        "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + sluice.key)),
                Set.of("204"));

        assertStored("loki-proto", acknowledged, run.seed());
    }

    @Test
    void lokiJsonSurvivesMutatedPushes() throws Exception {
        FuzzRun run = FuzzRun.of("loki-json");
        List<byte[]> seeds = List.of(RawHttp.utf8("""
                {"streams":[{"stream":{"app":"a","level":"warn","pod":"p-1"},"values":[["1764000000000000000","line one"],
                 ["1764000000000000001","line two",{"trace_id":"t"}]]}]}"""),
                RawHttp.utf8("{\"streams\":[{\"labels\":\"{job=\\\"j\\\"}\",\"entries\":[{\"ts\":\"2026-11-24T10:15:30Z\",\"line\":\"old form\"}]}]}"));
        String url = sluice.http() + LokiPushHandler.PATH;
        Set<Integer> acknowledged = run.run(
                random -> FuzzHttp.post(random, url, new Mutator(random, seeds).next(true), "application/json", "Bearer " + sluice.key),
                ALLOWED, VALID,
                i -> FuzzHttp.outcome(RawHttp.post(url, RawHttp.utf8("{\"streams\":[{\"stream\":{\"app\":\"fuzz-valid\"},\"values\":[[\""
                        + (1_764_000_000_000_000_000L + i) + "\",\"valid loki-json " + run.seed() + " " + i + "\"]]}]}"),
                        "Content-Type", "application/json", "Authorization", "Bearer " + sluice.key)),
                Set.of("204"));

        assertStored("loki-json", acknowledged, run.seed());
    }

    @Test
    void bulkSurvivesMutatedBodies() throws Exception {
        FuzzRun run = FuzzRun.of("elastic-bulk");
        List<byte[]> seeds = List.of(RawHttp.utf8("""
                {"index":{"_index":"filebeat","_id":"1"}}
                {"@timestamp":"2026-11-24T10:15:30.123Z","message":"m","log":{"level":"error"},"service":{"name":"s"},"host":{"name":"h"}}
                {"create":{}}
                {"timestamp":1764000000000,"log":"x","level":"warn","app":"a"}
                {"delete":{"_index":"x","_id":"1"}}
                """));
        String url = sluice.http() + "/logs/_bulk";
        Set<Integer> acknowledged = run.run(
                random -> FuzzHttp.post(random, url, new Mutator(random, seeds).next(true), "application/x-ndjson", "Bearer " + sluice.key),
                ALLOWED, VALID,
                i -> FuzzHttp.outcome(RawHttp.post(url, RawHttp.utf8("{\"index\":{}}\n{\"message\":\"valid bulk "
                        + run.seed() + " " + i + "\",\"service.name\":\"fuzz-valid\"}\n"),
                        "Content-Type", "application/x-ndjson", "Authorization", "Bearer " + sluice.key)),
                Set.of("200"));

        assertStored("bulk", acknowledged, run.seed());
    }

    private static void assertStored(String input, Set<Integer> acknowledged, long seed) {
        assertThat(acknowledged).hasSize(VALID);
        Set<String> stored = sluice.events().stream().map(LogEvent::getMessage)
                .filter(message -> message.startsWith("valid " + input + " " + seed + " "))
                .collect(Collectors.toSet());
        assertThat(stored).as("every acknowledged valid request is stored")
                .containsAll(IntStream.range(0, VALID).mapToObj(i -> "valid " + input + " " + seed + " " + i).toList());
    }

    private static PushRequest valid(String input, int i, long seed) {
        return PushRequest.newBuilder().addStreams(StreamAdapter.newBuilder()
                        .setLabels("{app=\"fuzz-valid\"}")
                        .addEntries(EntryAdapter.newBuilder()
                                .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_000_000L).setNanos(i))
                                .setLine("valid " + input + " " + seed + " " + i)))
                .build();
    }

    private static PushRequest push(String app, int entries) {
        StreamAdapter.Builder stream = StreamAdapter.newBuilder().setLabels("{app=\"" + app + "\", level=\"info\", host=\"h\"}");
        for (int i = 0; i < entries; i++) {
            stream.addEntries(EntryAdapter.newBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_000_000L).setNanos(i))
                    .setLine("line " + i)
                    .addStructuredMetadata(LabelPairAdapter.newBuilder().setName("k").setValue("v")));
        }
        return PushRequest.newBuilder().addStreams(stream).build();
    }

    private static byte[] snappy(byte[] bytes) {
        try {
            return Snappy.compress(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

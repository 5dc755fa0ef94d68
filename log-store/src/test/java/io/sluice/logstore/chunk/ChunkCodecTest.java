package io.sluice.logstore.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.logstore.model.ArchivedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    final ChunkCodec codec = new ChunkCodec(7);

    static ArchivedEvent event(String id, long ts, String level, String message, String attrs, String fields, long template) {
        return new ArchivedEvent(id, "t", ts, "svc", "h1", level, message, attrs, fields, template, "long");
    }

    @Test
    void everyColumnRoundTripsAndEventsComeBackInTimeOrder() {
        List<ArchivedEvent> events = List.of(
                event("0123456789abcdef0123456789abcdef", 3_000, "ERROR", "ünïcødé 🚀 boom", "{\"a\":1}", null, 7),
                event("0123456789abcdef0123456700000001", 1_000, "", "", null, "{\"ms\":\"42\"}", 0),
                event("0123456789abcdef0123456700000000", -5, "INFO", "x", "{}", "{\"k\":\"v\"}", Long.MAX_VALUE));
        EncodedChunk chunk = codec.encode(events);
        List<ArchivedEvent> back = ChunkCodec.decode(chunk.data(), "t", "svc", "h1", "long");
        assertThat(back).containsExactlyElementsOf(events.stream().sorted(Comparator.comparingLong(ArchivedEvent::timestampNanos)).toList());
        assertThat(chunk.events()).isEqualTo(3);
        assertThat(chunk.minTsNanos()).isEqualTo(-5);
        assertThat(chunk.maxTsNanos()).isEqualTo(3_000);
        assertThat(chunk.levelCounts()).containsOnly(
                java.util.Map.entry("ERROR", 1L), java.util.Map.entry("", 1L), java.util.Map.entry("INFO", 1L));
        assertThat(chunk.templateIds()).containsExactly(0, 7, Long.MAX_VALUE);
        assertThat(chunk.rawBytes()).isEqualTo("ünïcødé 🚀 boom".getBytes(StandardCharsets.UTF_8).length + 1);
    }

    @Test
    void idsThatAreNotLowercaseHexRoundTripToo() {
        List<ArchivedEvent> events = List.of(event("ABCDEFabcdef0123456789ABCDEFabcd", 1, "INFO", "a", null, null, 0),
                event("0123456789abcdef0123456789abcdef", 2, "INFO", "b", null, null, 0));
        assertThat(ChunkCodec.decode(codec.encode(events).data(), "t", "svc", "h1", "long")).containsExactlyElementsOf(events);
    }

    @Test
    void anyCorruptionOfTheStoredBytesIsDetected() {
        List<ArchivedEvent> events = Loghub.datasets().get(0).events("t", 0).stream()
                .map(e -> new ArchivedEvent(e.id(), "t", e.timestampNanos(), "svc", "h1", e.level(), e.message(), null, null, 0L, "long"))
                .toList();
        byte[] data = codec.encode(events).data();
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] bad = data.clone();
            int at = random.nextInt(bad.length);
            bad[at] ^= (byte) (1 + random.nextInt(255));
            assertThatThrownBy(() -> ChunkCodec.decode(bad, "t", "svc", "h1", "long"))
                    .as("byte %d flipped", at).isInstanceOf(ChunkCorruptException.class);
        }
        assertThatThrownBy(() -> ChunkCodec.decode(java.util.Arrays.copyOf(data, data.length - 1), "t", "svc", "h1", "long"))
                .isInstanceOf(ChunkCorruptException.class);
        assertThatThrownBy(() -> ChunkCodec.decode(new byte[] {1, 2}, "t", "svc", "h1", "long"))
                .isInstanceOf(ChunkCorruptException.class).hasMessageContaining("magic");
    }

    @Test
    void theBloomNeverPrunesASubstringThatIsPresent() {
        Random random = new Random(7);
        for (Loghub.Dataset d : Loghub.datasets()) {
            List<byte[]> messages = d.lines().stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
            byte[] bloom = TrigramBloom.build(messages);
            for (int i = 0; i < 500; i++) {
                String line = d.lines().get(random.nextInt(d.lines().size()));
                if (line.isEmpty()) {
                    continue;
                }
                int from = random.nextInt(line.length());
                String needle = line.substring(from, Math.min(line.length(), from + 1 + random.nextInt(20)));
                assertThat(TrigramBloom.mayContain(bloom, needle)).as("%s: %s", d.name(), needle).isTrue();
            }
            assertThat(TrigramBloom.mayContain(bloom, "zq-absent-needle-XJ7Q")).isFalse();
        }
        assertThat(TrigramBloom.mayContain(TrigramBloom.build(List.of()), "ab")).isTrue();
        assertThat(TrigramBloom.mayContain(TrigramBloom.build(List.of()), "abc")).isFalse();
    }

    /** Bytes per event of the Loghub samples, chunk data plus bloom; printed for docs/benchmarks.md. */
    @Test
    void loghubLinesCompressTenfold() {
        long raw = 0;
        long data = 0;
        long bloom = 0;
        long events = 0;
        List<String> report = new ArrayList<>();
        for (Loghub.Dataset d : Loghub.datasets()) {
            List<ArchivedEvent> batch = d.events("t", 1_764_000_000_000_000_000L);
            EncodedChunk chunk = codec.encode(batch);
            assertThat(ChunkCodec.decode(chunk.data(), "t", d.name(), "host-1", "")).hasSize(batch.size());
            long r = batch.stream().mapToLong(e -> e.message().getBytes(StandardCharsets.UTF_8).length + 1).sum();
            raw += r;
            data += chunk.data().length;
            bloom += chunk.bloom().length;
            events += batch.size();
            report.add(String.format("%-12s raw %6.1f B/event, data %5.2f B/event, bloom %5.2f B/event", d.name(),
                    (double) r / batch.size(), (double) chunk.data().length / batch.size(), (double) chunk.bloom().length / batch.size()));
        }
        report.add(String.format("ALL          raw %6.1f B/event, data %5.2f B/event, bloom %5.2f B/event, ratio %.1fx",
                (double) raw / events, (double) data / events, (double) bloom / events, (double) raw / (data + bloom)));
        report.forEach(System.out::println);
        assertThat(raw).isGreaterThan(10 * (data + bloom));
    }
}

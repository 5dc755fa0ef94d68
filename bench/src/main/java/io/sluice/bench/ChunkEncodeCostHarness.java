package io.sluice.bench;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ChunkEncoder;
import io.sluice.logstore.write.ChunkPlan;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.util.unit.DataSize;

/**
 * CPU-ns per event of the pipeline's archive encoding (log-store {@link ChunkEncoder}: cut into
 * chunk groups, encode each chunk with its trigram bloom, build its minute histogram), against the
 * named baseline {@link LegacyChunkEncode} (the same work as it was at {@code d1fb83c}), alternating
 * in one JVM on one thread. Work unit as the pipeline sees it: {@code entries} buffer entries of
 * {@code perEntry} real Loghub-2k lines, one tenant, 8 services (one per dataset) on 4 hosts, times
 * spread over ~2 minutes, zstd level 7 (the default). {@code -Dmix=agent} (default): each entry is
 * one agent's batch (one service and host), as the Sluice agent sends them; {@code -Dmix=interleaved}:
 * consecutive events of an entry belong to different streams (the worst case for the cut). Every event's strings are fresh copies made
 * before each call (outside the timing), as protobuf decoding leaves them: no cached hash codes.
 * Also checks that both paths' chunks decode to the same events.
 *
 * <pre>java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.sluice.bench.ChunkEncodeCostHarness</pre>
 */
public final class ChunkEncodeCostHarness {

    private static final int ENTRIES = Integer.getInteger("entries", 100);
    private static final int PER_ENTRY = Integer.getInteger("perEntry", 100);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int CALLS = Integer.getInteger("calls", 40);
    private static final int LEVEL = Integer.getInteger("level", 7);
    private static final boolean INTERLEAVED = "interleaved".equals(System.getProperty("mix", "agent"));
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR", "INFO", "INFO"};

    private ChunkEncodeCostHarness() {
    }

    public static void main(String[] args) {
        List<String> lines = LoghubLines.load();
        List<List<ArchivedEvent>> template = workload(lines);
        ChunkStoreProperties.Chunk chunk = new ChunkStoreProperties.Chunk(20_000, DataSize.ofMegabytes(4), Duration.ofMinutes(1), LEVEL, 2);
        ChunkStoreProperties.Retention retention = new ChunkStoreProperties.Retention(null, "standard", null, Duration.ofHours(1), 2,
                Duration.ofDays(7), true);
        LegacyChunkEncode legacy = new LegacyChunkEncode(chunk, retention);
        ChunkEncoder encoder = new ChunkEncoder(new ChunkPlan(chunk, retention), new ChunkCodec(LEVEL));
        check(legacy, encoder, template);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int events = ENTRIES * PER_ENTRY;
        System.out.printf(Locale.ROOT, "%d entries x %d events per call (%s), %d calls per round, zstd level %d%n", ENTRIES, PER_ENTRY,
                INTERLEAVED ? "interleaved: consecutive events of an entry in different streams" : "agent: one service and host per entry",
                CALLS, LEVEL);
        System.out.println("| round | baseline (d1fb83c) CPU-ns/event | ChunkEncoder CPU-ns/event | ratio |");
        System.out.println("|---|---|---|---|");
        for (int round = 0; round <= ROUNDS; round++) {
            long old = 0;
            long now = 0;
            for (int call = 0; call < CALLS; call++) {
                List<List<ArchivedEvent>> a = fresh(template);
                long t0 = threads.getCurrentThreadCpuTime();
                sink(legacy.encode(a).size());
                old += threads.getCurrentThreadCpuTime() - t0;
                List<ArchiveEntry> b = entries(fresh(template));
                t0 = threads.getCurrentThreadCpuTime();
                sink(encoder.encode(b).size());
                now += threads.getCurrentThreadCpuTime() - t0;
            }
            double o = (double) old / CALLS / events;
            double n = (double) now / CALLS / events;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f |%n", round == 0 ? "warm-up" : String.valueOf(round), o, n, n / o);
        }
    }

    private static int sunk;

    private static void sink(int n) {
        sunk += n;
    }

    private static void check(LegacyChunkEncode legacy, ChunkEncoder encoder, List<List<ArchivedEvent>> template) {
        List<byte[]> old = legacy.encode(fresh(template));
        List<ChunkEncoder.Encoded> now = encoder.encode(entries(fresh(template)));
        if (old.size() != now.size()) {
            throw new IllegalStateException("chunk count differs: " + old.size() + " vs " + now.size());
        }
        int identical = 0;
        long oldBytes = 0;
        long newBytes = 0;
        for (int i = 0; i < old.size(); i++) {
            ChunkPlan.Key k = now.get(i).key();
            List<ArchivedEvent> a = ChunkCodec.decode(old.get(i), k.tenant(), k.service(), k.host(), k.retentionClass());
            List<ArchivedEvent> b = ChunkCodec.decode(now.get(i).chunk().data(), k.tenant(), k.service(), k.host(), k.retentionClass());
            if (!a.equals(b)) {
                throw new IllegalStateException("chunk " + i + " decodes differently");
            }
            identical += java.util.Arrays.equals(old.get(i), now.get(i).chunk().data()) ? 1 : 0;
            List<byte[]> messages = b.stream().map(e -> e.message().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
            if (!java.util.Arrays.equals(LegacyChunkEncode.legacyBloom(messages), now.get(i).chunk().bloom())) {
                throw new IllegalStateException("chunk " + i + " has a different trigram bloom");
            }
            oldBytes += old.get(i).length;
            newBytes += now.get(i).chunk().data().length;
        }
        int events = ENTRIES * PER_ENTRY;
        System.out.printf(Locale.ROOT, "check: %d chunks decode to the same events on both paths (%d byte-identical), same trigram blooms;"
                + " chunk bytes per event %.1f (baseline) / %.1f (ChunkEncoder)%n", old.size(), identical, (double) oldBytes / events,
                (double) newBytes / events);
    }

    private static List<List<ArchivedEvent>> workload(List<String> lines) {
        List<List<ArchivedEvent>> out = new ArrayList<>(ENTRIES);
        long start = System.currentTimeMillis() * 1_000_000L;
        long spread = 120_000_000_000L / ((long) ENTRIES * PER_ENTRY);
        int made = 0;
        int perSystem = lines.size() / 8;
        int[] next = new int[8];
        for (int i = 0; i < ENTRIES; i++) {
            EventIds.Batch ids = EventIds.batch();
            List<ArchivedEvent> entry = new ArrayList<>(PER_ENTRY);
            for (int j = 0; j < PER_ENTRY; j++, made++) {
                int system = INTERLEAVED ? made % 8 : i % 8;
                int host = INTERLEAVED ? (made / 8) % 4 : (i / 8) % 4;
                String line = lines.get(system * perSystem + next[system]++ % perSystem);
                entry.add(new ArchivedEvent(ids.next(), "h_encodecost_tenant", start + made * spread, "svc-" + system,
                        "host-" + host, LEVELS[made % LEVELS.length], line, null,
                        made % 3 == 0 ? "{\"k\":\"" + made + "\"}" : null, 1000L + (line.length() % 40), ""));
            }
            out.add(entry);
        }
        return out;
    }

    /** Copies whose strings are new objects, as a protobuf decode leaves them (no cached hash code). */
    private static List<List<ArchivedEvent>> fresh(List<List<ArchivedEvent>> template) {
        List<List<ArchivedEvent>> out = new ArrayList<>(template.size());
        for (List<ArchivedEvent> entry : template) {
            List<ArchivedEvent> copy = new ArrayList<>(entry.size());
            for (ArchivedEvent e : entry) {
                copy.add(new ArchivedEvent(new String(e.id()), new String(e.tenant()), e.timestampNanos(), new String(e.service()),
                        new String(e.host()), new String(e.level()), new String(e.message()), e.attributesJson(),
                        e.fieldsJson() == null ? null : new String(e.fieldsJson()), e.templateId(), new String(e.retentionClass())));
            }
            out.add(copy);
        }
        return out;
    }

    private static List<ArchiveEntry> entries(List<List<ArchivedEvent>> events) {
        List<ArchiveEntry> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            out.add(new ArchiveEntry("h_encodecost:" + i, events.get(i)));
        }
        return out;
    }
}

package io.sluice.bench;

import com.github.luben.zstd.Zstd;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.store.ChunkStoreProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The named baseline of {@link ChunkEncodeCostHarness}: log-store's chunk encoding as it was at
 * commit {@code d1fb83c} ({@code ChunkPlan.cut}, {@code ChunkCodec.encode}, {@code MinuteHistogram.of}),
 * kept verbatim in logic so the old and new paths are measured in the same JVM and run. It writes
 * the same format; the histogram is returned as its arrays (the old class's constructor is private).
 */
final class LegacyChunkEncode {

    private static final byte[] MAGIC = {'S', 'L', 'C'};
    private static final int MAX_LEVELS = 32;
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private static final ThreadLocal<long[]> SEEN = ThreadLocal.withInitial(() -> new long[1 << 18]);

    private final int maxEvents;
    private final long maxBytes;
    private final long sliceNanos;
    private final ChunkStoreProperties.Retention retention;
    private final int level;

    LegacyChunkEncode(ChunkStoreProperties.Chunk chunk, ChunkStoreProperties.Retention retention) {
        this.maxEvents = chunk.maxEvents();
        this.maxBytes = chunk.maxBytes().toBytes();
        this.sliceNanos = chunk.slice().toNanos();
        this.retention = retention;
        this.level = chunk.zstdLevel();
    }

    /** Chunk bytes of every group, as the old {@code ChunkArchive.encode} made them (histograms computed and dropped). */
    List<byte[]> encode(List<List<ArchivedEvent>> entries) {
        List<ArchivedEvent> events = new ArrayList<>();
        entries.forEach(events::addAll);
        List<byte[]> out = new ArrayList<>();
        for (Map.Entry<Key, List<ArchivedEvent>> g : cut(events)) {
            out.add(encodeChunk(g.getValue()));
            histogram(g.getValue());
        }
        return out;
    }

    record Key(String tenant, String service, String host, String retentionClass, long slice) {
    }

    List<Map.Entry<Key, List<ArchivedEvent>>> cut(List<ArchivedEvent> events) {
        Map<Key, List<ArchivedEvent>> byKey = new LinkedHashMap<>();
        for (ArchivedEvent e : events) {
            Key key = new Key(e.tenant(), e.service(), e.host(), retention.classOf(e.tenant(), e.retentionClass()),
                    Math.floorDiv(e.timestampNanos(), sliceNanos));
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        List<Map.Entry<Key, List<ArchivedEvent>>> out = new ArrayList<>();
        byKey.forEach((key, list) -> {
            list.sort(Comparator.comparingLong(ArchivedEvent::timestampNanos));
            List<ArchivedEvent> current = new ArrayList<>();
            long bytes = 0;
            for (ArchivedEvent e : list) {
                long size = e.message().length();
                if (!current.isEmpty() && (current.size() >= maxEvents || bytes + size > maxBytes)) {
                    out.add(Map.entry(key, current));
                    current = new ArrayList<>();
                    bytes = 0;
                }
                current.add(e);
                bytes += size;
            }
            out.add(Map.entry(key, current));
        });
        return out;
    }

    byte[] encodeChunk(List<ArchivedEvent> events) {
        List<ArchivedEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(ArchivedEvent::timestampNanos));
        int n = sorted.size();
        List<byte[]> messages = new ArrayList<>(n);
        long raw = 0;
        for (ArchivedEvent e : sorted) {
            byte[] m = e.message().getBytes(StandardCharsets.UTF_8);
            messages.add(m);
            raw += m.length;
        }
        Buf body = new Buf((int) Math.min(Integer.MAX_VALUE / 2, raw + n * 24L));
        long prev = 0;
        for (int i = 0; i < n; i++) {
            long ts = sorted.get(i).timestampNanos();
            body.putZigZag(i == 0 ? ts : ts - prev);
            prev = ts;
        }
        Map<String, Long> levelCounts = new TreeMap<>();
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (ArchivedEvent e : sorted) {
            levels.putIfAbsent(e.level(), levels.size());
            levelCounts.merge(e.level(), 1L, Long::sum);
        }
        body.putVarLong(levels.size());
        levels.keySet().forEach(body::putString);
        for (ArchivedEvent e : sorted) {
            body.putVarLong(levels.get(e.level()));
        }
        Map<Long, Integer> templates = new LinkedHashMap<>();
        for (ArchivedEvent e : sorted) {
            templates.putIfAbsent(e.templateId(), templates.size());
        }
        body.putVarLong(templates.size());
        templates.keySet().forEach(body::putZigZag);
        for (ArchivedEvent e : sorted) {
            body.putVarLong(templates.get(e.templateId()));
        }
        writeIds(body, sorted);
        for (byte[] m : messages) {
            body.putVarLong(m.length);
        }
        for (byte[] m : messages) {
            body.put(m);
        }
        writeOptional(body, sorted.stream().map(ArchivedEvent::attributesJson).toList());
        writeOptional(body, sorted.stream().map(ArchivedEvent::fieldsJson).toList());
        CRC32C crc = new CRC32C();
        crc.update(body.buf, 0, body.size);
        byte[] dst = new byte[(int) Zstd.compressBound(body.size)];
        long written = Zstd.compressByteArray(dst, 0, dst.length, body.buf, 0, body.size, level);
        byte[] frame = Arrays.copyOf(dst, (int) written);
        Buf out = new Buf(frame.length + 24);
        out.put(MAGIC);
        out.put(1);
        out.put(1);
        out.putVarLong(n);
        out.putVarLong(body.size);
        int c = (int) crc.getValue();
        out.put(c >>> 24);
        out.put(c >>> 16);
        out.put(c >>> 8);
        out.put(c);
        out.put(frame);
        long[] templateIds = templates.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        legacyBloom(messages);
        if (templateIds.length == 0 || levelCounts.isEmpty()) {
            throw new IllegalStateException();
        }
        return Arrays.copyOf(out.buf, out.size);
    }

    /** The old {@code TrigramBloom.build}: deduplication through a 2 MiB bitmap of all trigrams. */
    static byte[] legacyBloom(List<byte[]> messages) {
        long[] seen = SEEN.get();
        int[] list = new int[1 << 14];
        int distinct = 0;
        try {
            for (byte[] m : messages) {
                for (int i = 0; i + 2 < m.length; i++) {
                    int t = ((m[i] & 0xFF) << 16) | ((m[i + 1] & 0xFF) << 8) | (m[i + 2] & 0xFF);
                    long bit = 1L << t;
                    if ((seen[t >>> 6] & bit) == 0) {
                        seen[t >>> 6] |= bit;
                        if (distinct == list.length) {
                            list = Arrays.copyOf(list, list.length * 2);
                        }
                        list[distinct++] = t;
                    }
                }
            }
            int bits = (int) Math.min(Integer.MAX_VALUE - 64L, ((long) distinct * 5 + 63) / 64 * 64);
            byte[] bloom = new byte[bits / 8];
            for (int i = 0; i < distinct; i++) {
                long h = mix(list[i]);
                int a = (int) Long.remainderUnsigned(h, bits);
                int b = (int) Long.remainderUnsigned(h >>> 29 | h << 35, bits);
                bloom[a >>> 3] |= (byte) (1 << (a & 7));
                bloom[b >>> 3] |= (byte) (1 << (b & 7));
            }
            return bloom;
        } finally {
            for (int i = 0; i < distinct; i++) {
                seen[list[i] >>> 6] &= ~(1L << list[i]);
            }
        }
    }

    private static long mix(int t) {
        long z = (t + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void writeIds(Buf body, List<ArchivedEvent> events) {
        body.put(0);
        Map<String, Integer> prefixes = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (ArchivedEvent e : events) {
            String p = e.id().substring(0, 24);
            if (prefixes.putIfAbsent(p, prefixes.size()) == null) {
                order.add(p);
            }
        }
        body.putVarLong(order.size());
        for (String p : order) {
            for (int i = 0; i < 24; i += 2) {
                body.put(Integer.parseInt(p, i, i + 2, 16));
            }
        }
        for (ArchivedEvent e : events) {
            body.putVarLong(prefixes.get(e.id().substring(0, 24)));
        }
        long prev = 0;
        for (ArchivedEvent e : events) {
            long ordinal = Long.parseLong(e.id(), 24, 32, 16);
            body.putZigZag(ordinal - prev);
            prev = ordinal;
        }
    }

    private static void writeOptional(Buf body, List<String> values) {
        List<byte[]> bytes = new ArrayList<>(values.size());
        for (String v : values) {
            byte[] b = v == null ? null : v.getBytes(StandardCharsets.UTF_8);
            bytes.add(b);
            body.putVarLong(b == null ? 0 : b.length + 1L);
        }
        for (byte[] b : bytes) {
            if (b != null) {
                body.put(b);
            }
        }
    }

    /** The old {@code MinuteHistogram.of}: cells by minute and level in tree maps. */
    static long[] histogram(List<ArchivedEvent> events) {
        Map<String, Long> totals = new HashMap<>();
        for (ArchivedEvent e : events) {
            totals.merge(levelName(e.level()), 1L, Long::sum);
        }
        Map<String, String> fold = new HashMap<>();
        List<String> byCount = totals.keySet().stream()
                .sorted(Comparator.<String>comparingLong(totals::get).reversed().thenComparing(Comparator.naturalOrder())).toList();
        for (int i = 0; i < byCount.size(); i++) {
            fold.put(byCount.get(i), i < MAX_LEVELS ? byCount.get(i) : "*");
        }
        TreeMap<Long, TreeMap<String, Long>> cells = new TreeMap<>();
        for (ArchivedEvent e : events) {
            String level = fold.get(levelName(e.level()));
            cells.computeIfAbsent(-Math.floorDiv(-e.timestampNanos(), NANOS_PER_MINUTE), m -> new TreeMap<>()).merge(level, 1L, Long::sum);
        }
        int n = cells.values().stream().mapToInt(Map::size).sum();
        long[] counts = new long[n];
        int i = 0;
        for (TreeMap<String, Long> m : cells.values()) {
            for (Long c : m.values()) {
                counts[i++] = c;
            }
        }
        return counts;
    }

    private static String levelName(String level) {
        return "*".equals(level) ? "_" : level;
    }

    private static final class Buf {
        byte[] buf;
        int size;

        Buf(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
        }

        void put(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void put(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        void putVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void putZigZag(long v) {
            putVarLong((v << 1) ^ (v >> 63));
        }

        void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putVarLong(b.length);
            put(b);
        }
    }
}

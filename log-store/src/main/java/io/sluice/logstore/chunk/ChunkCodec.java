package io.sluice.logstore.chunk;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import io.sluice.logstore.model.ArchivedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * The chunk format: the events of one stream (tenant, service, host, retention class) and time
 * slice, sorted by time, stored column by column and compressed with zstd as one frame, so that
 * similar values sit next to each other.
 *
 * <pre>
 * header  : 'S' 'L' 'C' version(1) codec(1 = zstd) varint(events) varint(bodyLength) crc32c(body, 4 bytes BE)
 * body    : zstd(columns)
 * columns : timestamps  zig-zag first value, then zig-zag deltas
 *           levels      varint(dictionary size) strings, then one varint index per event
 *           templates   varint(dictionary size) zig-zag ids, then one varint index per event
 *           ids         mode byte; mode 0 (all 32 lowercase hex): varint(prefix dictionary size)
 *                       12-byte prefixes, one varint prefix index per event, zig-zag deltas of the
 *                       4-byte ordinals; mode 1: strings
 *           messages    varint lengths, then the bytes
 *           attributes  varint(length + 1, 0 = none) per event, then the bytes
 *           fields      same as attributes
 * </pre>
 * Stream labels and the tenant are not repeated per event: the index row holds them. The CRC
 * covers the uncompressed body, so any corruption of the stored bytes is detected on read.
 */
public final class ChunkCodec {

    /** Format version written into every chunk. */
    public static final int VERSION = 1;
    /** Codec byte of zstd. */
    public static final int CODEC_ZSTD = 1;

    private static final byte[] MAGIC = {'S', 'L', 'C'};
    private static final int HEADER_FIXED = 5;
    private static final int MAX_EVENTS = 10_000_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<ZstdCompressCtx> CONTEXTS = ThreadLocal.withInitial(ZstdCompressCtx::new);

    private final int level;

    /** A codec compressing at zstd level {@code level} (1 is fastest; 3 is zstd's default). */
    public ChunkCodec(int level) {
        this.level = level;
    }

    /** Encodes {@code events} (all of one stream) into one chunk; they are sorted by time first. */
    public EncodedChunk encode(List<ArchivedEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a chunk holds at least one event");
        }
        List<ArchivedEvent> sorted = events;
        if (!isSortedByTime(events)) {
            sorted = new ArrayList<>(events);
            sorted.sort(Comparator.comparingLong(ArchivedEvent::timestampNanos));
        }
        int n = sorted.size();
        byte[][] messages = new byte[n][];
        long raw = 0;
        for (int i = 0; i < n; i++) {
            byte[] m = sorted.get(i).message().getBytes(StandardCharsets.UTF_8);
            messages[i] = m;
            raw += m.length;
        }
        Bytes body = new Bytes((int) Math.min(Integer.MAX_VALUE / 2, raw + n * 24L));
        long prev = 0;
        for (int i = 0; i < n; i++) {
            long ts = sorted.get(i).timestampNanos();
            body.putZigZag(i == 0 ? ts : ts - prev);
            prev = ts;
        }
        FirstSeen.Strings levels = new FirstSeen.Strings();
        int[] levelOf = new int[n];
        for (int i = 0; i < n; i++) {
            levelOf[i] = levels.add(sorted.get(i).level());
        }
        Map<String, Long> levelCounts = new TreeMap<>();
        body.putVarLong(levels.size());
        for (int i = 0; i < levels.size(); i++) {
            body.putString(levels.value(i));
            levelCounts.put(levels.value(i), levels.count(i));
        }
        for (int i = 0; i < n; i++) {
            body.putVarLong(levelOf[i]);
        }
        FirstSeen.Longs templates = new FirstSeen.Longs();
        int[] templateOf = levelOf; // the level column is written: its array is reused
        for (int i = 0; i < n; i++) {
            templateOf[i] = templates.add(sorted.get(i).templateId());
        }
        body.putVarLong(templates.size());
        long[] templateIds = new long[templates.size()];
        for (int i = 0; i < templates.size(); i++) {
            body.putZigZag(templates.value(i));
            templateIds[i] = templates.value(i);
        }
        Arrays.sort(templateIds);
        for (int i = 0; i < n; i++) {
            body.putVarLong(templateOf[i]);
        }
        writeIds(body, sorted);
        for (byte[] m : messages) {
            body.putVarLong(m.length);
        }
        for (byte[] m : messages) {
            body.put(m);
        }
        writeOptional(body, sorted, ArchivedEvent::attributesJson);
        writeOptional(body, sorted, ArchivedEvent::fieldsJson);

        CRC32C crc = new CRC32C();
        crc.update(body.array(), 0, body.size());
        Bytes header = new Bytes(24);
        header.put(MAGIC);
        header.put(VERSION);
        header.put(CODEC_ZSTD);
        header.putVarLong(n);
        header.putVarLong(body.size());
        int c = (int) crc.getValue();
        header.put(c >>> 24);
        header.put(c >>> 16);
        header.put(c >>> 8);
        header.put(c);
        return new EncodedChunk(compress(header, body), n, sorted.get(0).timestampNanos(),
                sorted.get(n - 1).timestampNanos(), raw, levelCounts, templateIds, TrigramBloom.build(Arrays.asList(messages)));
    }

    /**
     * The chunk: {@code header} then one zstd frame of {@code body}, compressed straight behind the
     * header and copied once to its exact size. The compression context is the calling thread's,
     * reused rather than allocated natively per chunk.
     */
    private byte[] compress(Bytes header, Bytes body) {
        int start = header.size();
        byte[] dst = new byte[start + (int) Zstd.compressBound(body.size())];
        System.arraycopy(header.array(), 0, dst, 0, start);
        ZstdCompressCtx ctx = CONTEXTS.get();
        ctx.setLevel(level);
        int written;
        try {
            written = ctx.compressByteArray(dst, start, dst.length - start, body.array(), 0, body.size());
        } catch (ZstdException e) {
            throw new IllegalStateException("zstd compression failed: " + e.getMessage(), e);
        }
        return Arrays.copyOf(dst, start + written);
    }

    /**
     * Decodes a chunk of stream ({@code tenant}, {@code service}, {@code host}, {@code retentionClass}).
     *
     * @throws ChunkCorruptException when the bytes are not an intact chunk
     */
    public static List<ArchivedEvent> decode(byte[] data, String tenant, String service, String host, String retentionClass) {
        if (data == null || data.length < HEADER_FIXED || data[0] != 'S' || data[1] != 'L' || data[2] != 'C') {
            throw new ChunkCorruptException("not a Sluice chunk (bad magic)");
        }
        if (data[3] != VERSION || data[4] != CODEC_ZSTD) {
            throw new ChunkCorruptException("unsupported chunk version " + data[3] + " / codec " + data[4]);
        }
        Reader header = new Reader(data, HEADER_FIXED, data.length);
        int n = header.varInt(MAX_EVENTS);
        int bodyLength = header.varInt(Integer.MAX_VALUE - 16);
        int crc = header.get() << 24 | header.get() << 16 | header.get() << 8 | header.get();
        int frameStart = header.position();
        byte[] body = new byte[bodyLength];
        long got;
        try {
            got = Zstd.decompressByteArray(body, 0, bodyLength, data, frameStart, data.length - frameStart);
        } catch (RuntimeException e) {
            throw new ChunkCorruptException("chunk data does not decompress: " + e.getMessage(), e);
        }
        if (Zstd.isError(got) || got != bodyLength) {
            throw new ChunkCorruptException("chunk data does not decompress to its recorded length");
        }
        CRC32C check = new CRC32C();
        check.update(body, 0, bodyLength);
        if ((int) check.getValue() != crc) {
            throw new ChunkCorruptException("chunk checksum mismatch");
        }
        return readColumns(new Reader(body, 0, bodyLength), n, tenant, service, host, retentionClass);
    }

    private static List<ArchivedEvent> readColumns(Reader r, int n, String tenant, String service, String host, String retentionClass) {
        long[] ts = new long[n];
        long prev = 0;
        for (int i = 0; i < n; i++) {
            prev = i == 0 ? r.zigZag() : prev + r.zigZag();
            ts[i] = prev;
        }
        String[] levelDict = new String[r.varInt(n)];
        for (int i = 0; i < levelDict.length; i++) {
            levelDict[i] = r.string();
        }
        String[] levels = new String[n];
        for (int i = 0; i < n; i++) {
            levels[i] = levelDict[r.varInt(levelDict.length - 1)];
        }
        long[] templateDict = new long[r.varInt(n)];
        for (int i = 0; i < templateDict.length; i++) {
            templateDict[i] = r.zigZag();
        }
        long[] templates = new long[n];
        for (int i = 0; i < n; i++) {
            templates[i] = templateDict[r.varInt(templateDict.length - 1)];
        }
        String[] ids = readIds(r, n);
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = r.varInt(Integer.MAX_VALUE);
        }
        String[] messages = new String[n];
        for (int i = 0; i < n; i++) {
            messages[i] = r.string(lengths[i]);
        }
        String[] attributes = readOptional(r, n);
        String[] fields = readOptional(r, n);
        if (!r.atEnd()) {
            throw new ChunkCorruptException("chunk body has trailing bytes");
        }
        List<ArchivedEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ArchivedEvent(ids[i], tenant, ts[i], service, host, levels[i], messages[i], attributes[i], fields[i],
                    templates[i], retentionClass));
        }
        return out;
    }

    private static void writeIds(Bytes body, List<ArchivedEvent> events) {
        boolean hex = events.stream().allMatch(e -> isLowerHex32(e.id()));
        if (!hex) {
            body.put(1);
            events.forEach(e -> body.putString(e.id()));
            return;
        }
        body.put(0);
        Map<String, Integer> prefixes = new HashMap<>();
        List<String> order = new ArrayList<>();
        int[] prefixOf = new int[events.size()];
        String previous = null;
        for (int k = 0; k < prefixOf.length; k++) {
            String id = events.get(k).id();
            if (previous != null && id.regionMatches(0, previous, 0, 24)) {
                prefixOf[k] = prefixOf[k - 1];
                continue;
            }
            String p = id.substring(0, 24);
            Integer known = prefixes.putIfAbsent(p, prefixes.size());
            if (known == null) {
                order.add(p);
            }
            prefixOf[k] = known == null ? prefixes.size() - 1 : known;
            previous = id;
        }
        body.putVarLong(order.size());
        for (String p : order) {
            for (int i = 0; i < 24; i += 2) {
                body.put(Integer.parseInt(p, i, i + 2, 16));
            }
        }
        for (int index : prefixOf) {
            body.putVarLong(index);
        }
        long prev = 0;
        for (ArchivedEvent e : events) {
            long ordinal = Long.parseLong(e.id(), 24, 32, 16);
            body.putZigZag(ordinal - prev);
            prev = ordinal;
        }
    }

    private static String[] readIds(Reader r, int n) {
        String[] ids = new String[n];
        int mode = r.get();
        if (mode == 1) {
            for (int i = 0; i < n; i++) {
                ids[i] = r.string();
            }
            return ids;
        }
        if (mode != 0) {
            throw new ChunkCorruptException("unknown id column mode " + mode);
        }
        String[] prefixes = new String[r.varInt(n)];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = HEX.formatHex(r.bytes(12));
        }
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = r.varInt(prefixes.length - 1);
        }
        long prev = 0;
        for (int i = 0; i < n; i++) {
            prev += r.zigZag();
            ids[i] = prefixes[index[i]] + HEX.toHexDigits((int) prev);
        }
        return ids;
    }

    private static void writeOptional(Bytes body, List<ArchivedEvent> events, Function<ArchivedEvent, String> value) {
        byte[][] bytes = new byte[events.size()][];
        for (int i = 0; i < bytes.length; i++) {
            String v = value.apply(events.get(i));
            byte[] b = v == null ? null : v.getBytes(StandardCharsets.UTF_8);
            bytes[i] = b;
            body.putVarLong(b == null ? 0 : b.length + 1L);
        }
        for (byte[] b : bytes) {
            if (b != null) {
                body.put(b);
            }
        }
    }

    private static boolean isSortedByTime(List<ArchivedEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).timestampNanos() < events.get(i - 1).timestampNanos()) {
                return false;
            }
        }
        return true;
    }

    private static String[] readOptional(Reader r, int n) {
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = r.varInt(Integer.MAX_VALUE);
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = lengths[i] == 0 ? null : r.string(lengths[i] - 1);
        }
        return out;
    }

    private static boolean isLowerHex32(String id) {
        if (id.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

}

package io.sluice.logstore.chunk;

import com.github.luben.zstd.Zstd;
import io.sluice.logstore.model.ArchivedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        Bytes body = new Bytes((int) Math.min(Integer.MAX_VALUE / 2, raw + n * 24L));
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
        crc.update(body.array(), 0, body.size());
        byte[] frame = compress(body);
        Bytes out = new Bytes(frame.length + 24);
        out.put(MAGIC);
        out.put(VERSION);
        out.put(CODEC_ZSTD);
        out.putVarLong(n);
        out.putVarLong(body.size());
        int c = (int) crc.getValue();
        out.put(c >>> 24);
        out.put(c >>> 16);
        out.put(c >>> 8);
        out.put(c);
        out.put(frame);
        long[] templateIds = templates.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        return new EncodedChunk(Arrays.copyOf(out.array(), out.size()), n, sorted.get(0).timestampNanos(),
                sorted.get(n - 1).timestampNanos(), raw, levelCounts, templateIds, TrigramBloom.build(messages));
    }

    private byte[] compress(Bytes body) {
        byte[] dst = new byte[(int) Zstd.compressBound(body.size())];
        long written = Zstd.compressByteArray(dst, 0, dst.length, body.array(), 0, body.size(), level);
        if (Zstd.isError(written)) {
            throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(written));
        }
        return Arrays.copyOf(dst, (int) written);
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

    private static void writeOptional(Bytes body, List<String> values) {
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

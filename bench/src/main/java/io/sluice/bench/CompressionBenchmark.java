package io.sluice.bench;

import com.github.luben.zstd.Zstd;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which wire compression pays off for the agent's batches: gzip (what gRPC offers out of the box
 * and the agent uses), zstd (zstd-jni, levels 1 and 3) and lz4 (fast), each compressing and
 * decompressing the same sealed batches: 500 Loghub-2k lines per {@code LogBatch}, encoded with
 * the fields the agent writes (time, service, host, level, message, attributes JSON with logger
 * and thread) and an idempotency key. The setup prints each codec's ratio; the benchmark gives
 * time per batch, from which CPU per MB follows (one thread, so time is CPU time when the
 * machine is idle).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CompressionBenchmark {

    private static final int EVENTS_PER_BATCH = 500;
    private static final int BATCHES = 32;

    @Param({"gzip", "zstd1", "zstd3", "lz4"})
    public String codec;

    private final List<byte[]> batches = new ArrayList<>();
    private final List<byte[]> compressed = new ArrayList<>();
    private final LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
    private final LZ4FastDecompressor lz4Decompressor = LZ4Factory.fastestInstance().fastDecompressor();
    private int next;

    @Setup(Level.Trial)
    public void sealBatches() {
        List<String> lines = LoghubLines.load();
        long rawBytes = 0;
        long packedBytes = 0;
        for (int b = 0; b < BATCHES; b++) {
            LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey("3f1c2d4e-agent:" + (1_000_000L + b));
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                int n = (b * EVENTS_PER_BATCH + i) % lines.size();
                batch.addEvents(LogEvent.newBuilder()
                        .setTimestampUnixNanos(1_764_000_000_000_000_000L + n * 1_000_000L)
                        .setService("checkout").setHost("node-7").setLevel(n % 10 == 0 ? "WARN" : "INFO")
                        .setMessage(lines.get(n))
                        .setAttributesJson("{\"logger\":\"com.example.checkout.OrderService\",\"thread\":\"http-nio-8080-exec-"
                                + (n % 16) + "\"}"));
            }
            byte[] raw = batch.build().toByteArray();
            batches.add(raw);
            byte[] packed = compress(raw);
            compressed.add(packed);
            rawBytes += raw.length;
            packedBytes += packed.length;
            if (!java.util.Arrays.equals(raw, decompress(packed, raw.length))) {
                throw new IllegalStateException(codec + " did not round-trip");
            }
        }
        System.out.printf(Locale.ROOT, "%n  [%s] %d batches of %d events, %,d bytes raw (%,d per batch) -> %,d compressed: ratio %.2f%n",
                codec, BATCHES, EVENTS_PER_BATCH, rawBytes, rawBytes / BATCHES, packedBytes, (double) rawBytes / packedBytes);
    }

    @Benchmark
    public byte[] compressOneBatch() {
        return compress(batches.get(next++ & (BATCHES - 1)));
    }

    @Benchmark
    public byte[] decompressOneBatch() {
        int i = next++ & (BATCHES - 1);
        return decompress(compressed.get(i), batches.get(i).length);
    }

    private byte[] compress(byte[] raw) {
        return switch (codec) {
            case "gzip" -> gzip(raw);
            case "zstd1" -> Zstd.compress(raw, 1);
            case "zstd3" -> Zstd.compress(raw, 3);
            case "lz4" -> lz4.compress(raw);
            default -> throw new IllegalArgumentException(codec);
        };
    }

    private byte[] decompress(byte[] packed, int rawLength) {
        return switch (codec) {
            case "gzip" -> gunzip(packed);
            case "zstd1", "zstd3" -> Zstd.decompress(packed, rawLength);
            case "lz4" -> lz4Decompressor.decompress(packed, rawLength);
            default -> throw new IllegalArgumentException(codec);
        };
    }

    /** What gRPC's gzip codec does: a GZIPOutputStream at the default level. */
    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] packed) {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

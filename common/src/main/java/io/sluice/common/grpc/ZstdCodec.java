package io.sluice.common.grpc;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.grpc.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * gRPC message compression with zstd (message encoding {@value #ENCODING}), because gzip costs
 * the agent about nine times more CPU per batch at a slightly worse ratio (docs/benchmarks.md,
 * CompressionBenchmark). grpc-java ships only gzip; register this codec in the
 * {@link io.grpc.CompressorRegistry} and {@link io.grpc.DecompressorRegistry} of both ends
 * ({@link GrpcCompression} builds those registries). Each message is one zstd frame; the streams
 * take their buffers from zstd-jni's recycling pool and free their native context on close, so
 * nothing waits for a finalizer. Thread-safe: it keeps no per-message state.
 */
public final class ZstdCodec implements Codec {

    /** The {@code grpc-encoding} name. */
    public static final String ENCODING = "zstd";

    /** The level used unless another is asked for: the fastest, which already beats gzip's ratio. */
    public static final int DEFAULT_LEVEL = 1;

    private final int level;

    /** A codec compressing at {@link #DEFAULT_LEVEL}. */
    public ZstdCodec() {
        this(DEFAULT_LEVEL);
    }

    /**
     * A codec compressing at {@code level} (decompression reads every level).
     *
     * @throws IllegalArgumentException when zstd has no such level
     */
    public ZstdCodec(int level) {
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level must be between " + Zstd.minCompressionLevel()
                    + " and " + Zstd.maxCompressionLevel() + ", got " + level);
        }
        this.level = level;
    }

    /** The compression level. */
    public int level() {
        return level;
    }

    @Override
    public String getMessageEncoding() {
        return ENCODING;
    }

    @Override
    public OutputStream compress(OutputStream os) throws IOException {
        ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(os, RecyclingBufferPool.INSTANCE);
        try {
            out.setLevel(level);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
        return new ZstdInputStreamNoFinalizer(is, RecyclingBufferPool.INSTANCE);
    }
}

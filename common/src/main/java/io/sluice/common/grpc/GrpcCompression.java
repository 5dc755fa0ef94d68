package io.sluice.common.grpc;

import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;

/**
 * The compressor and decompressor registries every Sluice gRPC end uses: identity, gzip and
 * {@link ZstdCodec zstd}. Giving a server {@link #decompressors()} lets it read zstd requests (a
 * server without it answers UNIMPLEMENTED "Can't find decompressor for zstd"), and advertises
 * {@code zstd,gzip} in {@code grpc-accept-encoding}; {@link #compressors(int)} lets a client (or
 * a server's responses) use {@code CallOptions.withCompression("zstd")}.
 */
public final class GrpcCompression {

    private GrpcCompression() {
    }

    /** Decompressors for identity, gzip and zstd (every level). */
    public static DecompressorRegistry decompressors() {
        return DecompressorRegistry.getDefaultInstance().with(new ZstdCodec(), true);
    }

    /** Compressors for identity, gzip and zstd at {@code zstdLevel}. */
    public static CompressorRegistry compressors(int zstdLevel) {
        CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
        registry.register(Codec.Identity.NONE);
        registry.register(new Codec.Gzip());
        registry.register(new ZstdCodec(zstdLevel));
        return registry;
    }

    /** Compressors for identity, gzip and zstd at {@link ZstdCodec#DEFAULT_LEVEL}. */
    public static CompressorRegistry compressors() {
        return compressors(ZstdCodec.DEFAULT_LEVEL);
    }
}

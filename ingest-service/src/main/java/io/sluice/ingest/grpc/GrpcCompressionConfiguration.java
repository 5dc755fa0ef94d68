package io.sluice.ingest.grpc;

import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.sluice.common.grpc.GrpcCompression;
import io.sluice.common.grpc.ZstdCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets the gRPC server read zstd-compressed requests (the agent's default, see {@link ZstdCodec})
 * besides gzip and identity, advertise {@code zstd,gzip} in {@code grpc-accept-encoding}, and
 * compress responses with any of them when asked. Spring gRPC's server (and client) auto-configuration
 * uses these registries instead of its own (which would not advertise), so this applies to every
 * service of the server (in the standalone, the one shared gRPC server).
 */
@Configuration(proxyBeanMethods = false)
public class GrpcCompressionConfiguration {

    @Bean
    DecompressorRegistry ingestGrpcDecompressors() {
        return GrpcCompression.decompressors();
    }

    @Bean
    CompressorRegistry ingestGrpcCompressors() {
        return GrpcCompression.compressors();
    }
}

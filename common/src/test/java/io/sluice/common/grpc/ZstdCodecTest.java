package io.sluice.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ZstdCodecTest {

    private static final byte[] BATCH = ("2026-11-25T06:30:00Z INFO checkout user u-17 checked out order 4711\n".repeat(500))
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void decompressesWhatItCompressedSmaller() throws IOException {
        ZstdCodec codec = new ZstdCodec();
        byte[] packed = compress(codec, BATCH);

        assertThat(packed.length).isLessThan(BATCH.length / 10);
        assertThat(decompress(codec, packed)).isEqualTo(BATCH);
    }

    @Test
    void decompressesEveryLevelWithTheDefaultCodec() throws IOException {
        byte[] packed = compress(new ZstdCodec(19), BATCH);

        assertThat(decompress(new ZstdCodec(), packed)).isEqualTo(BATCH);
    }

    @Test
    void roundTripsAnEmptyMessage() throws IOException {
        ZstdCodec codec = new ZstdCodec();

        assertThat(decompress(codec, compress(codec, new byte[0]))).isEmpty();
    }

    @Test
    void refusesALevelZstdDoesNotHave() {
        assertThatThrownBy(() -> new ZstdCodec(99)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
    }

    @Test
    void reportsCorruptInputAsAnIoError() throws IOException {
        byte[] packed = compress(new ZstdCodec(), BATCH);
        packed[packed.length / 2] ^= 0x5A;
        packed[packed.length / 2 + 1] ^= 0x5A;

        assertThatThrownBy(() -> decompress(new ZstdCodec(), packed)).isInstanceOf(IOException.class);
    }

    @Test
    void registriesOfferIdentityGzipAndZstd() {
        assertThat(GrpcCompression.decompressors().getKnownMessageEncodings()).contains("identity", "gzip", "zstd");
        assertThat(GrpcCompression.decompressors().getAdvertisedMessageEncodings()).contains("gzip", "zstd");
        assertThat(GrpcCompression.compressors(3).lookupCompressor("zstd")).isInstanceOfSatisfying(ZstdCodec.class,
                zstd -> assertThat(zstd.level()).isEqualTo(3));
        assertThat(GrpcCompression.compressors().lookupCompressor("gzip")).isNotNull();
        assertThat(GrpcCompression.compressors().lookupCompressor("identity")).isNotNull();
    }

    private static byte[] compress(ZstdCodec codec, byte[] raw) throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        try (OutputStream out = codec.compress(target)) {
            out.write(raw);
        }
        return target.toByteArray();
    }

    private static byte[] decompress(ZstdCodec codec, byte[] packed) throws IOException {
        try (InputStream in = codec.decompress(new ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        }
    }
}

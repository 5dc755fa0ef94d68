package io.sluice.ingest.http;

import java.io.ByteArrayOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body into memory up to a limit, in one pass. A body over the limit (declared or
 * found while streaming) is refused with 413, but only after the rest of it has been read and
 * discarded, up to a drain allowance of eight times the limit: a client still sending when the
 * answer goes out would otherwise see its connection reset instead of the 413. Past the allowance
 * the read stops at once. Never holds more than the limit.
 */
public final class BoundedBody {

    private static final int DRAIN_FACTOR = 8;

    private final int maxBytes;
    private final long drainBytes;

    /** Bodies of at most {@code maxBytes} are read. */
    public BoundedBody(long maxBytes) {
        this.maxBytes = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
        this.drainBytes = (long) this.maxBytes * DRAIN_FACTOR;
    }

    /** The whole body (empty when there is none), or a 413 {@link RequestProblem}. */
    public Mono<byte[]> read(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        String size = declared > maxBytes ? " (" + declared + " bytes)" : "";
        if (declared > drainBytes) {
            return Mono.error(tooLarge(size));
        }
        return request.body(BodyExtractors.toDataBuffers())
                .reduce(new Accumulator(maxBytes), (accumulator, buffer) -> accumulator.add(buffer, drainBytes, this, size))
                .flatMap(accumulator -> accumulator.total > maxBytes ? Mono.error(tooLarge(size)) : Mono.just(accumulator.bytes()))
                .defaultIfEmpty(new byte[0]);
    }

    private RequestProblem tooLarge(String actual) {
        return new RequestProblem(HttpStatus.CONTENT_TOO_LARGE, "the request body" + actual + " is larger than the limit of "
                + maxBytes + " bytes (sluice.ingest.max-request-size); split the batch");
    }

    /** The bytes kept so far (while within the limit) and the total seen. */
    private static final class Accumulator {
        private final ByteArrayOutputStream kept;
        private final int max;
        private long total;

        Accumulator(int max) {
            this.max = max;
            this.kept = new ByteArrayOutputStream(Math.min(max, 64 * 1024));
        }

        Accumulator add(DataBuffer buffer, long drainBytes, BoundedBody owner, String size) {
            try {
                int n = buffer.readableByteCount();
                total += n;
                if (total > drainBytes) {
                    throw owner.tooLarge(size);
                }
                if (total <= max) {
                    byte[] chunk = new byte[n];
                    buffer.read(chunk);
                    kept.write(chunk, 0, n);
                }
                return this;
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        byte[] bytes() {
            return kept.toByteArray();
        }
    }
}

package io.sluice.ingest.http;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body into memory up to a limit. A declared Content-Length over the limit is
 * refused before anything is read; a body that grows past the limit while streaming is refused as
 * soon as it does, and the chunks read so far are released. Never holds more than the limit.
 */
final class BoundedBody {

    private final int maxBytes;

    BoundedBody(long maxBytes) {
        this.maxBytes = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
    }

    /** The whole body (empty when there is none), or a 413 {@link RequestProblem}. */
    Mono<byte[]> read(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            return Mono.error(tooLarge(" (" + declared + " bytes)"));
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes)
                .map(BoundedBody::drain)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(""));
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private RequestProblem tooLarge(String actual) {
        return new RequestProblem(HttpStatus.CONTENT_TOO_LARGE, "the request body" + actual + " is larger than the limit of "
                + maxBytes + " bytes (sluice.ingest.max-request-size); split the batch");
    }
}

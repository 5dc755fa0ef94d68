package io.sluice.ingest.compat;

import io.sluice.ingest.http.BoundedBody;
import io.sluice.ingest.http.RequestProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body within {@code sluice.ingest.max-request-size} (through {@link BoundedBody})
 * and undoes its {@code Content-Encoding} ({@code gzip}, {@code deflate} or none). The
 * decompressed size is held to the same limit, so a small compressed bomb is refused with 413
 * rather than inflated; a corrupt stream or an unknown encoding is a 400 / 415
 * {@link RequestProblem}. Decompression is blocking CPU work: call {@link #decode} off the event
 * loop.
 */
public final class CompressedBody {

    private final BoundedBody body;
    private final long maxBytes;

    /** Bodies of at most {@code maxBytes}, before and after decompression. */
    public CompressedBody(long maxBytes) {
        this.body = new BoundedBody(maxBytes);
        this.maxBytes = maxBytes;
    }

    /** The raw (possibly compressed) body. */
    public Mono<byte[]> read(ServerRequest request) {
        return body.read(request);
    }

    /** {@code raw} decompressed according to the request's {@code Content-Encoding}. */
    public byte[] decode(HttpHeaders headers, byte[] raw) {
        String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
        String name = encoding == null ? "identity" : encoding.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> inflate(raw, true);
            case "deflate" -> inflate(raw, false);
            default -> throw new RequestProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding '" + abbreviate(encoding) + "' is not supported; send gzip, deflate or an uncompressed body");
        };
    }

    private byte[] inflate(byte[] raw, boolean gzip) {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(raw)) : new InflaterInputStream(new ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length * 4 + 64, 1 << 20));
            byte[] chunk = new byte[16384];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + (long) n > maxBytes) {
                    throw new RequestProblem(HttpStatus.CONTENT_TOO_LARGE, "the decompressed request body is larger than the limit of "
                            + maxBytes + " bytes (sluice.ingest.max-request-size); split the batch");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new RequestProblem(HttpStatus.BAD_REQUEST, "the request body is not valid " + (gzip ? "gzip" : "deflate")
                    + " (Content-Encoding): " + e.getMessage());
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}

package io.sluice.ingest.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;

/**
 * Strict UTF-8 decoding of a request body: malformed input is an error naming its byte offset,
 * never silently replaced. A leading byte-order mark is dropped.
 */
public final class Utf8Body {

    private Utf8Body() {
    }

    /** The decoded text; a 400 {@link RequestProblem} when {@code bytes} are not valid UTF-8. */
    public static CharBuffer decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new RequestProblem(HttpStatus.BAD_REQUEST,
                    "the request body is not valid UTF-8: invalid byte sequence at byte offset " + in.position());
        }
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == '\uFEFF') {
            out.position(1);
        }
        return out;
    }
}

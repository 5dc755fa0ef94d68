package io.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class Utf8BodyTest {

    @Test
    void decodesValidUtf8IncludingFourByteCharacters() {
        assertThat(Utf8Body.decode("[\"café 😀\"]".getBytes(StandardCharsets.UTF_8)).toString()).isEqualTo("[\"café 😀\"]");
    }

    @Test
    void dropsALeadingByteOrderMark() {
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', ']'};

        assertThat(Utf8Body.decode(withBom).toString()).isEqualTo("[]");
    }

    @Test
    void namesTheByteOffsetOfMalformedInput() {
        assertProblem(new byte[] {'a', 'b', (byte) 0xFF, 'c'}, 2);
        assertProblem(new byte[] {'a', (byte) 0xC3, '('}, 1);
        assertProblem(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0);
    }

    @Test
    void treatsATruncatedSequenceAtTheEndAsMalformed() {
        assertProblem(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82}, 2);
    }

    @Test
    void decodesAnEmptyBodyToEmptyText() {
        assertThat(Utf8Body.decode(new byte[0]).toString()).isEmpty();
    }

    private static void assertProblem(byte[] body, int offset) {
        assertThatThrownBy(() -> Utf8Body.decode(body))
                .isInstanceOfSatisfying(RequestProblem.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("the request body is not valid UTF-8: invalid byte sequence at byte offset " + offset);
                });
    }
}

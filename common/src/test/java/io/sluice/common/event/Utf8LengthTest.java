package io.sluice.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8LengthTest {

    @Test
    void equalsTheEncodersLengthIncludingLoneSurrogates() {
        for (String s : List.of("", "abc", "héllo", "日本語", "emoji 😀 ok", "\uD800", "a\uDC00b", "\uD83D", "x\uD83D\uDE00\uD800")) {
            assertThat(Utf8Length.of(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}

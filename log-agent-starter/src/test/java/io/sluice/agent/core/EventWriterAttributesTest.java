package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attributes JSON the worker writes straight into bytes reads as {@link JsonObjectWriter}'s text. */
class EventWriterAttributesTest {

    private static final String[] VALUES = {
        "plain ascii", "say \"hi\" \\ back", "a\nb\rc\td\b\f\u0000\u001f\u007f", "zoë ✓ 日本",
        "ok \uD83D\uDE00 fine", "hi\uD83D there \uDE00 end\uD83D", "line\u2028sep\u2029end", ""};

    @Test
    void writesTheSameJsonAsJsonObjectWriterForEscapesUnicodeAndBrokenSurrogates() {
        for (String value : VALUES) {
            EventWriter writer = new EventWriter("svc", "h", Map.of());
            writer.reset();
            writer.timestamp(1).level("INFO").message("m").attribute("k\"ey", value).attribute("n", -1234567890123L);
            String expected = new JsonObjectWriter().field("k\"ey", value).toJson();
            expected = expected.substring(0, expected.length() - 1) + ",\"n\":-1234567890123}";
            assertThat(writer.toLogEvent().getAttributesJson()).as(value).isEqualTo(expected);
        }
    }

    @Test
    void writesLongBoundariesAsDecimal() {
        EventWriter writer = new EventWriter("svc", "h", Map.of());
        writer.reset();
        writer.level("INFO").attribute("min", Long.MIN_VALUE).attribute("zero", 0).attribute("max", Long.MAX_VALUE);
        assertThat(writer.toLogEvent().getAttributesJson())
                .isEqualTo("{\"min\":-9223372036854775808,\"zero\":0,\"max\":9223372036854775807}");
    }
}

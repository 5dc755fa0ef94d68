package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    final JsonFields parser = new JsonFields();

    @Test
    void nestedObjectsAreFlattenedWithUnderscoreAndScalarsKeepTheirJsonText() {
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(parser.parse("  {\"user\":\"ada\",\"latency_ms\":42.50,\"ok\":true,\"none\":null,"
                + "\"req\":{\"method\":\"GET\",\"h\":{\"ua\":\"curl\"}},\"tags\":[1,\"a\",{\"b\":2}]}\n", out)).isTrue();
        assertThat(out).containsExactly(Map.entry("user", "ada"), Map.entry("latency_ms", "42.50"), Map.entry("ok", "true"),
                Map.entry("none", "null"), Map.entry("req_method", "GET"), Map.entry("req_h_ua", "curl"),
                Map.entry("tags", "[1,\"a\",{\"b\":2}]"));
    }

    @Test
    void brokenJsonArraysAndTrailingGarbageLeaveTheFieldsAsTheyWere() {
        Map<String, String> out = new LinkedHashMap<>(Map.of("kept", "1"));
        assertThat(parser.parse("{\"a\": 1, \"b\": ", out)).isFalse();
        assertThat(parser.parse("{\"a\": 1} {\"b\": 2}", out)).isFalse();
        assertThat(parser.parse("{\"a\": 1,}", out)).isFalse();
        assertThat(parser.parse("[1, 2]", out)).isFalse();
        assertThat(parser.parse("{not json}", out)).isFalse();
        assertThat(parser.parse("", out)).isFalse();
        assertThat(parser.parse(null, out)).isFalse();
        assertThat(out).containsExactly(Map.entry("kept", "1"));
    }

    @Test
    void deeplyNestedInputIsRejectedInsteadOfOverflowingTheStack() {
        String deep = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
        Map<String, String> out = new LinkedHashMap<>();
        assertThat(parser.parse(deep, out)).isFalse();
        assertThat(out).isEmpty();
    }
}

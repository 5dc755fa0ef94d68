package io.sluice.ingest.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.ingest.http.RequestProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LokiLabelsTest {

    @Test
    void parsesPrometheusLabelsWithGoEscapesInOrder() {
        assertThat(LokiLabels.parse("{job=\"varlogs\", host=\"web-1\",path=\"C:\\\\logs\\\\a \\\"b\\\"\\n\"}"))
                .containsExactly(Map.entry("job", "varlogs"), Map.entry("host", "web-1"), Map.entry("path", "C:\\logs\\a \"b\"\n"));
        assertThat(LokiLabels.parse(" { } ")).isEmpty();
        assertThat(LokiLabels.parse("{a=\"\\u00e9\\x41\"}")).containsEntry("a", "éA");
    }

    @Test
    void refusesMalformedLabelsNamingThePosition() {
        assertThatThrownBy(() -> LokiLabels.parse("{job=varlogs}"))
                .isInstanceOf(RequestProblem.class)
                .hasMessage("error parsing labels '{job=varlogs}': expected '\"' at position 5");
        assertThatThrownBy(() -> LokiLabels.parse("{job=\"a\"")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> LokiLabels.parse("{1a=\"x\"}")).hasMessageContaining("expected a label name at position 1");
        assertThatThrownBy(() -> LokiLabels.parse("{a=\"x\"} trailing")).hasMessageContaining("unexpected text after '}'");
        assertThatThrownBy(() -> LokiLabels.parse("")).hasMessageContaining("unexpected end");
    }
}

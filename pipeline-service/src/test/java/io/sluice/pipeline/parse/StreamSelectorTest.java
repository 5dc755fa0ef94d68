package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamSelectorTest {

    @Test
    void equalityRegexAndNegationOverServiceHostAndLevel() {
        StreamSelector s = StreamSelector.parse("{service=\"nginx\", host=~\"web-[0-9]+\", level!=\"DEBUG\"}");
        assertThat(s.matches("nginx", "web-12", "INFO")).isTrue();
        assertThat(s.matches("nginx", "web-12x", "INFO")).as("regex matches the whole value").isFalse();
        assertThat(s.matches("nginx", "web-1", "DEBUG")).isFalse();
        assertThat(s.matches("api", "web-1", "INFO")).isFalse();
        assertThat(StreamSelector.parse("{host!~\"db-.*\"}").matches("x", "db-1", "")).isFalse();
        assertThat(StreamSelector.parse("{}").matches("any", "thing", "")).isTrue();
        assertThat(StreamSelector.parse("").matches("any", "thing", "")).isTrue();
    }

    @Test
    void errorsNameTheProblemAndColumn() {
        assertThatThrownBy(() -> StreamSelector.parse("service=\"x\"")).hasMessageContaining("expected '{' at column 1");
        assertThatThrownBy(() -> StreamSelector.parse("{app=\"x\"}")).hasMessageContaining("label must be service, host or level");
        assertThatThrownBy(() -> StreamSelector.parse("{service>\"x\"}")).hasMessageContaining("expected =, !=, =~ or !~ at column 9");
        assertThatThrownBy(() -> StreamSelector.parse("{service=x}")).hasMessageContaining("double-quoted");
        assertThatThrownBy(() -> StreamSelector.parse("{service=\"x}")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> StreamSelector.parse("{service=~\"(\"}")).hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> StreamSelector.parse("{service=\"x\" host=\"y\"}")).hasMessageContaining("expected ',' or '}'");
        assertThatThrownBy(() -> StreamSelector.parse("{service=\"x\"} extra")).hasMessageContaining("expected '}' at the end");
    }
}

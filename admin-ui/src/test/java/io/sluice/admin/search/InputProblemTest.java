package io.sluice.admin.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputProblemTest {

    @Test
    void theCaretPointsAtTheColumn() {
        assertThat(new InputProblem("query", "m", 1, "{x").caret()).isEqualTo("^");
        assertThat(new InputProblem("query", "m", 3, "{x").caret()).isEqualTo("  ^");
    }

    @Test
    void thereIsNoCaretWhenThereIsNothingToPointAtOnOneLine() {
        assertThat(new InputProblem("limit", "m", null, "{}").caret()).isNull();
        assertThat(new InputProblem("query", "m", 99, "{}").caret()).isNull();
        assertThat(new InputProblem("query", "m", 2, "{\n}").caret()).isNull();
    }
}

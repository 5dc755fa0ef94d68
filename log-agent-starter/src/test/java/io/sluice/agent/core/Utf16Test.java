package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf16Test {

    @Test
    void returnsWellFormedTextUnchanged() {
        String text = "plain é \uD83D\uDE00";
        assertThat(Utf16.wellFormed(text)).isSameAs(text);
    }

    @Test
    void replacesEveryUnpairedSurrogateWithTheReplacementCharacter() {
        assertThat(Utf16.wellFormed("\uDE00a\uD83Db\uD83D\uDE00c\uD83D"))
                .isEqualTo("\uFFFDa\uFFFDb\uD83D\uDE00c\uFFFD");
    }
}

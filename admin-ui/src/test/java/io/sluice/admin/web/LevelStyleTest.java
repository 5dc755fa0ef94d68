package io.sluice.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LevelStyleTest {

    @Test
    void knownLevelsAndTheirAliasesGetTheirOwnClass() {
        assertThat(LevelStyle.cssClass("ERROR")).isEqualTo("lvl-error");
        assertThat(LevelStyle.cssClass("warning")).isEqualTo("lvl-warn");
        assertThat(LevelStyle.cssClass("FATAL")).isEqualTo("lvl-fatal");
    }

    @Test
    void anythingElseIsOther() {
        assertThat(LevelStyle.cssClass("\" onmouseover=\"x")).isEqualTo("lvl-other");
        assertThat(LevelStyle.cssClass("")).isEqualTo("lvl-other");
        assertThat(LevelStyle.cssClass(null)).isEqualTo("lvl-other");
    }
}

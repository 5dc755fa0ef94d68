package io.sluice.admin.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginControllerTest {

    @Test
    void onlyPathsOfThisSiteAreRedirectTargets() {
        assertThat(LoginController.safeNext("/search?query=%7B%7D")).isEqualTo("/search?query=%7B%7D");
        assertThat(LoginController.safeNext(null)).isEqualTo("/");
        assertThat(LoginController.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(LoginController.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(LoginController.safeNext("/\\evil.example/")).isEqualTo("/");
        assertThat(LoginController.safeNext("/a\r\nSet-Cookie: x")).isEqualTo("/");
    }
}
